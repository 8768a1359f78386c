// Strings the host reads only during one call (header names and values, cluster names, log
// lines) are encoded into scratch memory instead of a new ArrayBuffer each: a request that reads
// and sets a dozen headers would otherwise leave two dozen buffers for the GC.
//
// Up to two strings at a time (a header's name and value), one after the other, in a static
// region; text that may not fit (a UTF-16 unit is at most 3 bytes of UTF-8) goes to a heap
// block freed by `releaseScratch`. Host calls never nest and the allocator the host calls back
// into does not encode, so one region is enough.
import { utf8Encode } from "./utf8";

const STATIC_BYTES: usize = 2048;
const STATIC: usize = memory.data(<i32>STATIC_BYTES);
let spilled: usize = 0;

/** Where the first and second string of the last `encodeScratch` are. */
export let scratchA: usize = 0;
export let scratchALength: usize = 0;
export let scratchB: usize = 0;
export let scratchBLength: usize = 0;

/** Encodes `a` (and `b`, if given) for one host call; call releaseScratch after it. */
export function encodeScratch(a: string, b: string | null = null): void {
  const bLength = changetype<usize>(b) != 0 ? <usize>changetype<string>(b).length : 0;
  const bound = (<usize>a.length + bLength) * 3;
  let base = STATIC;
  if (bound > STATIC_BYTES) base = spilled = heap.alloc(bound);
  scratchA = base;
  scratchALength = utf8Encode(a, base);
  scratchB = base + scratchALength;
  scratchBLength = bLength != 0 ? utf8Encode(changetype<string>(b), scratchB) : 0;
}

/** Frees what the last encodeScratch had to put on the heap. */
// @ts-ignore: decorator
@inline export function releaseScratch(): void {
  if (spilled != 0) {
    heap.free(spilled);
    spilled = 0;
  }
}
