// Shared queues: messages between VMs (workers, or plugins sharing a vm_id). The VM that
// registered a queue last receives on_queue_ready when something is enqueued; it then
// dequeues. Each call answers a result (Ok, NotFound for an unknown queue, Empty when drained).
//
//   const q = proxywasm.registerSharedQueue("jobs");   // in the consumer's root
//   proxywasm.enqueueSharedQueue(q.id, "payload");      // anywhere
import {
  proxy_dequeue_shared_queue,
  proxy_enqueue_shared_queue,
  proxy_register_shared_queue,
  proxy_resolve_shared_queue,
} from "../abi/imports";
import { WasmResult } from "../abi/enums";
import { RETURN_EXTRA, RETURN_LEN, RETURN_PTR, clearReturn, newBytes, takeHostBytes, utf8 } from "../abi/memory";
import { bytesOf } from "./bytes";

/** A queue id (valid when `result` is Ok). */
export class SharedQueue {
  constructor(
    public readonly result: WasmResult,
    public readonly id: u32,
  ) {}
}

/** One dequeued message (valid when `result` is Ok). */
export class SharedQueueItem {
  constructor(
    public readonly result: WasmResult,
    public readonly value: ArrayBuffer,
  ) {}
  text(): string {
    return String.UTF8.decode(this.value);
  }
}

/** Registers (or re-registers) a queue owned by this VM; call it from a root context. */
export function registerSharedQueue(name: string): SharedQueue {
  const n = utf8(name);
  store<u32>(RETURN_EXTRA, 0);
  const r = <WasmResult>proxy_register_shared_queue(changetype<usize>(n), n.byteLength, RETURN_EXTRA);
  return new SharedQueue(r, load<u32>(RETURN_EXTRA));
}

/** Finds a queue another VM registered (by vm_id and name). */
export function resolveSharedQueue(vmId: string, name: string): SharedQueue {
  const v = utf8(vmId);
  const n = utf8(name);
  store<u32>(RETURN_EXTRA, 0);
  const r = <WasmResult>(
    proxy_resolve_shared_queue(changetype<usize>(v), v.byteLength, changetype<usize>(n), n.byteLength, RETURN_EXTRA)
  );
  return new SharedQueue(r, load<u32>(RETURN_EXTRA));
}

/** Appends a message (a string, ArrayBuffer or Uint8Array). */
export function enqueueSharedQueue<T>(queueId: u32, data: T): WasmResult {
  const b = bytesOf<T>(data);
  return <WasmResult>proxy_enqueue_shared_queue(queueId, changetype<usize>(b), b.byteLength);
}

/** Takes the oldest message; Empty when there is none. */
export function dequeueSharedQueue(queueId: u32): SharedQueueItem {
  clearReturn();
  const r = <WasmResult>proxy_dequeue_shared_queue(queueId, RETURN_PTR, RETURN_LEN);
  return new SharedQueueItem(r, r == WasmResult.Ok ? takeHostBytes() : newBytes(0));
}
