// Shared queues (proxy-wasm-cpp-host src/shared_queue.cc): keyed by (vm_id, name) for the whole
// process. Registering again keeps the token but moves delivery to the latest registrant; an
// enqueue posts on_queue_ready to that registrant's worker, after the current event.
import { WasmResult } from "../abi/enums.js";

/** Where on_queue_ready goes: the registering root context on its VM. */
interface QueueOwner {
  notify(token: number): void;
}

interface Queue {
  vmId: string;
  name: string;
  items: Uint8Array[];
  owner: QueueOwner;
}

export class SharedQueueRegistry {
  private readonly tokens = new Map<string, number>();
  private readonly queues = new Map<number, Queue>();
  private nextToken = 1;

  private allocToken(): number {
    for (;;) {
      const token = this.nextToken;
      this.nextToken = (this.nextToken + 1) >>> 0;
      if (token !== 0 && !this.queues.has(token)) return token;
    }
  }

  register(vmId: string, name: string, owner: QueueOwner): number {
    const key = `${vmId}\0${name}`;
    let token = this.tokens.get(key);
    if (token === undefined) {
      token = this.allocToken();
      this.tokens.set(key, token);
      this.queues.set(token, { vmId, name, items: [], owner });
    } else {
      const queue = this.queues.get(token)!;
      queue.owner = owner;
    }
    return token;
  }

  /** 0 when there is no such queue. */
  resolve(vmId: string, name: string): number {
    return this.tokens.get(`${vmId}\0${name}`) ?? 0;
  }

  dequeue(token: number): { result: WasmResult; data?: Uint8Array } {
    const queue = this.queues.get(token);
    if (!queue) return { result: WasmResult.NotFound };
    const data = queue.items.shift();
    if (data === undefined) return { result: WasmResult.Empty };
    return { result: WasmResult.Ok, data };
  }

  enqueue(token: number, data: Uint8Array): WasmResult {
    const queue = this.queues.get(token);
    if (!queue) return WasmResult.NotFound;
    queue.items.push(Uint8Array.from(data));
    queue.owner.notify(token);
    return WasmResult.Ok;
  }

  deleteVmId(vmId: string): void {
    for (const [key, token] of this.tokens) {
      if (this.queues.get(token)?.vmId === vmId) {
        this.queues.delete(token);
        this.tokens.delete(key);
      }
    }
  }
}
