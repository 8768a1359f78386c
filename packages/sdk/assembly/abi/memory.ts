// How bytes cross the boundary between the host and the module.
//
// Host -> module: the host asks the module for memory (Envoy calls `malloc` first and only falls
// back to `proxy_on_memory_allocate`), writes its data there and stores (ptr, len) in two u32
// slots the module passed. We hand the host a *pinned* ArrayBuffer, so a GC step that runs
// before the host call returns cannot free it; `takeHostBytes` unpins it and it becomes an
// ordinary managed ArrayBuffer: no copy and nothing to free by hand.
//
// An answer that is only decoded (a header value into a string, header pairs into strings) is
// asked for in unmanaged memory instead (`expectRawAnswer`): malloc takes it from the raw heap
// and the reader frees it, so no GC object is made, pinned, unpinned and swept for it.
//
// Module -> host: strings are encoded to UTF-8 ArrayBuffers and passed as (ptr, len).

import { utf8Encode } from "./utf8";

let rawAnswer = false;

/**
 * Bytes the host asked for since runtime/collect.ts last reset the count: what the host sends
 * decides when streams' garbage is collected. Kept here, below the runtime layer, because
 * malloc is its only writer.
 */
let hostBytes: usize = 0;

/** Bytes malloc handed out since the last `resetHostBytes`. */
// @ts-ignore: decorator
@inline export function hostBytesSinceReset(): usize {
  return hostBytes;
}

/** Starts the count of host bytes anew (after a collection). */
// @ts-ignore: decorator
@inline export function resetHostBytes(): void {
  hostBytes = 0;
}

/** Envoy's allocator lookup: `malloc` wins over `proxy_on_memory_allocate`. */
export function malloc(size: usize): usize {
  hostBytes += size;
  if (rawAnswer) return heap.alloc(size);
  const ptr = __new(size, idof<ArrayBuffer>());
  __pin(ptr);
  return ptr;
}

// Return slots for host calls. Host calls never nest (malloc does not use them), so one static
// set is enough and costs no allocation per call.
export const RETURN_PTR: usize = memory.data(16);
export const RETURN_LEN: usize = RETURN_PTR + 4;
export const RETURN_EXTRA: usize = RETURN_PTR + 8;

/** Clears the return slots before a host call that may write (ptr, len). */
// @ts-ignore: decorator
@inline export function clearReturn(): void {
  store<u32>(RETURN_PTR, 0);
  store<u32>(RETURN_LEN, 0);
}

/**
 * A new buffer of `size` bytes. `new ArrayBuffer(n)` carries a length check whose error text
 * lands in every plugin; sizes here come from the SDK itself (encoders), never from input.
 */
// @ts-ignore: decorator
@inline export function newBytes(size: usize): ArrayBuffer {
  return changetype<ArrayBuffer>(__new(size, idof<ArrayBuffer>()));
}

/** Takes ownership of the block the host returned in (RETURN_PTR, RETURN_LEN). */
export function takeHostBytes(): ArrayBuffer {
  const ptr = load<u32>(RETURN_PTR) as usize;
  if (ptr == 0) return newBytes(0);
  __unpin(ptr);
  store<u32>(RETURN_PTR, 0);
  return changetype<ArrayBuffer>(ptr);
}

/** The next host call's answer goes to unmanaged memory: read it with takeHostString or takeHostRaw. */
// @ts-ignore: decorator
@inline export function expectRawAnswer(): void {
  clearReturn();
  rawAnswer = true;
}

/** The raw answer (pointer, 0 if none; length in RETURN_LEN): the caller frees it with heap.free. */
export function takeHostRaw(): usize {
  rawAnswer = false;
  const ptr = <usize>load<u32>(RETURN_PTR);
  store<u32>(RETURN_PTR, 0);
  return ptr;
}

/** The raw answer decoded as UTF-8 ("" if none), its memory freed. */
export function takeHostString(): string {
  const ptr = takeHostRaw();
  if (ptr == 0) return "";
  const s = String.UTF8.decodeUnsafe(ptr, <usize>load<u32>(RETURN_LEN));
  heap.free(ptr);
  return s;
}

/** UTF-8 bytes of a string, for passing to the host. */
export function utf8(s: string): ArrayBuffer {
  const bytes = newBytes(utf8Encode(s, 0));
  utf8Encode(s, changetype<usize>(bytes));
  return bytes;
}

/** Decodes host bytes as UTF-8. Invalid sequences do not trap (AssemblyScript never does). */
// @ts-ignore: decorator
@inline export function fromUtf8(bytes: ArrayBuffer): string {
  return String.UTF8.decode(bytes);
}
