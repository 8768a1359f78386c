// The header-pairs wire format (proxy-wasm-cpp-host src/pairs_util.cc), little-endian:
//   u32 N | N x (u32 key_len, u32 value_len) | N x (key, NUL, value, NUL)
// Envoy treats input over its limits, or malformed, as an empty map (no error): so do we.

export type HeaderPair = [string, string];

import { PAIRS_MAX_BYTES, PAIRS_MAX_COUNT } from "./limits.js";

export function encodePairs(pairs: readonly HeaderPair[]): Uint8Array {
  return encodeBytePairs(pairs.map(([k, v]) => [Buffer.from(k, "utf8"), Buffer.from(v, "utf8")]));
}

/** The same layout for raw byte keys and values (map and list property values). */
export function encodeBytePairs(encoded: readonly (readonly [Uint8Array, Uint8Array])[]): Uint8Array {
  let size = 4;
  for (const [k, v] of encoded) size += 8 + k.length + v.length + 2;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, encoded.length, true);
  let lens = 4;
  let data = 4 + encoded.length * 8;
  for (const [k, v] of encoded) {
    view.setUint32(lens, k.length, true);
    view.setUint32(lens + 4, v.length, true);
    lens += 8;
    out.set(k, data);
    data += k.length + 1;
    out.set(v, data);
    data += v.length + 1;
  }
  return out;
}

/** Decodes like Envoy: anything malformed or over the limits yields an empty list. */
export function decodePairs(bytes: Uint8Array): HeaderPair[] {
  if (bytes.length === 0 || bytes.length > PAIRS_MAX_BYTES || bytes.length < 4) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true);
  if (n > PAIRS_MAX_COUNT) return [];
  let data = 4 + n * 8;
  if (data > bytes.length) return [];
  const out: HeaderPair[] = [];
  for (let i = 0; i < n; i++) {
    const kl = view.getUint32(4 + i * 8, true);
    const vl = view.getUint32(8 + i * 8, true);
    if (data + kl + vl + 2 > bytes.length) return [];
    if (bytes[data + kl] !== 0 || bytes[data + kl + 1 + vl] !== 0) return [];
    const k = Buffer.from(bytes.subarray(data, data + kl)).toString("utf8");
    const v = Buffer.from(bytes.subarray(data + kl + 1, data + kl + 1 + vl)).toString("utf8");
    out.push([k, v]);
    data += kl + vl + 2;
  }
  if (data !== bytes.length) return [];
  return out;
}
