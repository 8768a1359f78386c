// A worker thread's HostProcess: shared data, shared queues and vm_id lifetimes are calls to
// the main thread's ProcessService (synchronous, as plugins make them); stats stay in the
// worker and the main thread's admin sums them when asked, as Envoy's /stats shows one value
// per name for the process.
import type { WasmResult } from "../../abi/enums.js";
import { HostProcess } from "../../process/host-process.js";
import { SharedDataStore } from "../../process/shared-data.js";
import { SharedQueueRegistry } from "../../process/shared-queues.js";
import type { SyncCaller } from "./sync-call.js";

class RemoteSharedData extends SharedDataStore {
  constructor(private readonly main: SyncCaller) {
    super();
  }

  override get(vmId: string, key: string): { value: Uint8Array; cas: number } | undefined {
    return this.main.call<{ value: Uint8Array; cas: number } | null>("data.get", vmId, key) ?? undefined;
  }

  override set(vmId: string, key: string, value: Uint8Array, cas: number): WasmResult {
    return this.main.call<WasmResult>("data.set", vmId, key, value, cas);
  }

  override keys(vmId: string): string[] {
    return this.main.call<string[]>("data.keys", vmId);
  }

  override deleteVmId(): void {
    // The main thread frees a vm_id's data when the last VM of any worker releases it.
  }
}

interface QueueOwner {
  notify(token: number): void;
}

class RemoteSharedQueues extends SharedQueueRegistry {
  /** This worker's registrant per token; the main thread posts "queue ready" here. */
  private readonly owners = new Map<number, QueueOwner>();

  constructor(private readonly main: SyncCaller) {
    super();
  }

  override register(vmId: string, name: string, owner: QueueOwner): number {
    const token = this.main.call<number>("queue.register", vmId, name);
    this.owners.set(token, owner);
    return token;
  }

  override resolve(vmId: string, name: string): number {
    return this.main.call<number>("queue.resolve", vmId, name);
  }

  override dequeue(token: number): { result: WasmResult; data?: Uint8Array } {
    return this.main.call<{ result: WasmResult; data?: Uint8Array }>("queue.dequeue", token);
  }

  override enqueue(token: number, data: Uint8Array): WasmResult {
    return this.main.call<WasmResult>("queue.enqueue", token, data);
  }

  override deleteVmId(): void {
    // Freed by the main thread with the vm_id.
  }

  /** The main thread says the queue has data: on_queue_ready on this worker's registrant. */
  ready(token: number): void {
    this.owners.get(token)?.notify(token);
  }
}

export class RemoteHostProcess extends HostProcess {
  override readonly sharedData: RemoteSharedData;
  override readonly sharedQueues: RemoteSharedQueues;

  constructor(private readonly main: SyncCaller) {
    super();
    this.sharedData = new RemoteSharedData(main);
    this.sharedQueues = new RemoteSharedQueues(main);
  }

  override holdVmId(vmId: string): () => void {
    const hold = this.main.call<number>("vm.hold", vmId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.main.call("vm.release", hold);
    };
  }

  queueReady(token: number): void {
    this.sharedQueues.ready(token);
  }
}
