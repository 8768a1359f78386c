// How bytes cross the boundary between the host and the module.
//
// Host -> module: the host asks the module for memory (Envoy calls `malloc` first and only falls
// back to `proxy_on_memory_allocate`), writes its data there and stores (ptr, len) in two u32
// slots the module passed. We hand the host a *pinned* ArrayBuffer, so a GC step that runs
// before the host call returns cannot free it; `takeHostBytes` unpins it and it becomes an
// ordinary managed ArrayBuffer: no copy and nothing to free by hand.
//
// Module -> host: strings are encoded to UTF-8 ArrayBuffers and passed as (ptr, len).

import { utf8Encode } from "./utf8";

/** Envoy's allocator lookup: `malloc` wins over `proxy_on_memory_allocate`. */
export function malloc(size: usize): usize {
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
