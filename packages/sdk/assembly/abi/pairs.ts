// The header-pairs wire format that Envoy uses for header maps, http_call headers and trailers
// and local-reply headers (proxy-wasm-cpp-host pairs_util.cc), little-endian:
//
//   u32 N | N x (u32 key_len, u32 value_len) | N x (key, 0x00, value, 0x00)
//
// Decoding is bounded like Envoy's (1024 pairs, 1 MiB) and returns null on malformed input
// instead of trapping.

import { lower } from "./ascii-case";
import { utf8Encode } from "./utf8";
import { newBytes } from "./memory";

export const MAX_PAIRS: i32 = 1024;
export const MAX_PAIRS_BYTES: i32 = 1 << 20;

/** Encodes [name, value] pairs. Entries that are not exactly two strings are skipped. */
export function encodePairs(pairs: Array<string[]>): ArrayBuffer {
  const n = pairs.length;
  let count = 0;
  let size: i32 = 4;
  for (let i = 0; i < n; i++) {
    const p = unchecked(pairs[i]);
    if (p.length != 2) continue;
    size += 10 + <i32>utf8Encode(unchecked(p[0]), 0) + <i32>utf8Encode(unchecked(p[1]), 0);
    count++;
  }
  const buf = newBytes(<usize>size);
  const base = changetype<usize>(buf);
  store<u32>(base, count);
  let lens = base + 4;
  let data = base + 4 + (count << 3);
  for (let i = 0; i < n; i++) {
    const p = unchecked(pairs[i]);
    if (p.length != 2) continue;
    const k = unchecked(p[0]);
    const v = unchecked(p[1]);
    const kl = utf8Encode(k, data);
    store<u8>(data + kl, 0);
    data += kl + 1;
    const vl = utf8Encode(v, data);
    store<u8>(data + vl, 0);
    data += vl + 1;
    store<u32>(lens, <u32>kl);
    store<u32>(lens, <u32>vl, 4);
    lens += 8;
  }
  return buf;
}

/** Decodes a pairs buffer; null if it is malformed or over Envoy's limits. */
export function decodePairs(buf: ArrayBuffer): Array<string[]> | null {
  return decodePairsAt(changetype<usize>(buf), <usize>buf.byteLength);
}

/** True if `size` bytes at `base` are a well-formed pairs buffer within Envoy's limits (0 bytes: no pairs). */
export function pairsValidAt(base: usize, size: usize): bool {
  if (size == 0) return true;
  if (size < 4 || size > <usize>MAX_PAIRS_BYTES) return false;
  const n = load<u32>(base);
  if (n > <u32>MAX_PAIRS) return false;
  let data = base + 4 + ((<usize>n) << 3);
  const end = base + <usize>size;
  if (data > end) return false;
  for (let i: u32 = 0; i < n; i++) {
    const kl = load<u32>(base + 4 + ((<usize>i) << 3));
    const vl = load<u32>(base + 8 + ((<usize>i) << 3));
    // key, NUL, value, NUL must fit; compare in u64 so huge lengths cannot wrap around.
    if (<u64>data + <u64>kl + <u64>vl + 2 > <u64>end) return false;
    if (load<u8>(data + kl) != 0 || load<u8>(data + kl + 1 + vl) != 0) return false;
    data += kl + vl + 2;
  }
  return data == end;
}

/** decodePairs on `size` bytes at `base` (memory the SDK frees itself after decoding). */
export function decodePairsAt(base: usize, size: usize): Array<string[]> | null {
  if (!pairsValidAt(base, size)) return null;
  if (size == 0) return new Array<string[]>(0);
  const n = load<u32>(base);
  let data = base + 4 + ((<usize>n) << 3);
  const out = new Array<string[]>(n);
  for (let i: u32 = 0; i < n; i++) {
    const kl = load<u32>(base + 4 + ((<usize>i) << 3));
    const vl = load<u32>(base + 8 + ((<usize>i) << 3));
    const k = String.UTF8.decodeUnsafe(data, kl);
    const v = String.UTF8.decodeUnsafe(data + kl + 1, vl);
    unchecked((out[i] = [k, v]));
    data += kl + vl + 2;
  }
  return out;
}

// ---- lookups in a valid buffer, without decoding it ---------------------------------------------

/** Where the value of the last pairValueAt match is (bytes) and how long it is. */
export let foundValue: usize = 0;
export let foundValueLength: usize = 0;

/** True if `len` UTF-8 bytes at `p` spell `name`, ignoring ASCII case (`name` is ASCII). */
function nameEquals(p: usize, len: usize, name: string): bool {
  if (len != <usize>name.length) return false;
  for (let i: usize = 0; i < len; i++) {
    if (lower(<u32>load<u8>(p + i)) != lower(<u32>name.charCodeAt(<i32>i))) return false;
  }
  return true;
}

/**
 * The index of the first pair from `from` on whose key is `name` (ASCII, any case), -1 if none;
 * on a match its value is at `foundValue` / `foundValueLength`. The buffer must be valid
 * (pairsValidAt).
 */
export function findPairAt(base: usize, size: usize, name: string, from: u32 = 0): i32 {
  if (size == 0) return -1;
  const n = load<u32>(base);
  let data = base + 4 + ((<usize>n) << 3);
  for (let i: u32 = 0; i < n; i++) {
    const kl = <usize>load<u32>(base + 4 + ((<usize>i) << 3));
    const vl = <usize>load<u32>(base + 8 + ((<usize>i) << 3));
    if (i >= from && nameEquals(data, kl, name)) {
      foundValue = data + kl + 1;
      foundValueLength = vl;
      return <i32>i;
    }
    data += kl + vl + 2;
  }
  return -1;
}
