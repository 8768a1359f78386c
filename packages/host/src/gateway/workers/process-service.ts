// The main thread's half of the process-wide state under worker threads: it owns the one
// HostProcess (shared data with its CAS counter, shared queues, vm_id lifetimes) and answers
// the workers' synchronous calls, so every worker sees Envoy's one-store-per-process semantics.
// A queue is owned by the worker whose VM registered it last: an enqueue from any worker is
// answered here and on_queue_ready is posted to the owner's thread.
import { HostProcess } from "../../process/host-process.js";
import type { SyncRequest } from "./sync-call.js";

export class ProcessService {
  readonly process = new HostProcess();
  private readonly releases = new Map<number, () => void>();
  private nextHold = 1;

  /** `notify(worker, token)` posts on_queue_ready to the worker that owns the queue. */
  constructor(private readonly notify: (worker: number, token: number) => void) {}

  handle(worker: number, { op, args }: SyncRequest): unknown {
    const p = this.process;
    switch (op) {
      case "data.get": {
        const v = p.sharedData.get(args[0] as string, args[1] as string);
        return v ? { value: v.value, cas: v.cas } : null;
      }
      case "data.set":
        return p.sharedData.set(args[0] as string, args[1] as string, args[2] as Uint8Array, args[3] as number);
      case "data.keys":
        return p.sharedData.keys(args[0] as string);
      case "queue.register":
        return p.sharedQueues.register(args[0] as string, args[1] as string, {
          notify: (token) => this.notify(worker, token),
        });
      case "queue.resolve":
        return p.sharedQueues.resolve(args[0] as string, args[1] as string);
      case "queue.enqueue":
        return p.sharedQueues.enqueue(args[0] as number, args[1] as Uint8Array);
      case "queue.dequeue":
        return p.sharedQueues.dequeue(args[0] as number);
      case "vm.hold": {
        const id = this.nextHold++;
        this.releases.set(id, p.holdVmId(args[0] as string));
        return id;
      }
      case "vm.release":
        this.releases.get(args[0] as number)?.();
        this.releases.delete(args[0] as number);
        return null;
      default:
        throw new Error(`unknown process call ${op}`);
    }
  }
}
