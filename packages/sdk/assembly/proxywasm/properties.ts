// Envoy's attributes (`proxy_get_property` / `proxy_set_property`). A path is a list of
// segments, sent NUL-joined. Values come back in Envoy's encoding: strings raw, integers as
// 8 bytes little-endian, bools as one byte, maps in the header-pairs format.
//
//   const route = proxywasm.getPropertyString(["route_name"]);
import { proxy_get_property, proxy_set_property } from "../abi/imports";
import { WasmResult } from "../abi/enums";
import { RETURN_LEN, RETURN_PTR, clearReturn, fromUtf8, takeHostBytes, newBytes } from "../abi/memory";
import { utf8Encode } from "../abi/utf8";
import { bytesOf } from "./bytes";

/** The NUL-joined UTF-8 form of a property path. */
export function encodePropertyPath(path: string[]): ArrayBuffer {
  let size: usize = 0;
  const n = path.length;
  for (let i = 0; i < n; i++) size += utf8Encode(unchecked(path[i]), 0) + (i > 0 ? 1 : 0);
  const buf = newBytes(size);
  let at = changetype<usize>(buf);
  for (let i = 0; i < n; i++) {
    if (i > 0) store<u8>(at++, 0);
    at += utf8Encode(unchecked(path[i]), at);
  }
  return buf;
}

/** The raw bytes of a property; null if it does not exist (or not in this phase). */
export function getProperty(path: string[]): ArrayBuffer | null {
  const p = encodePropertyPath(path);
  clearReturn();
  if (proxy_get_property(changetype<usize>(p), p.byteLength, RETURN_PTR, RETURN_LEN) != WasmResult.Ok) return null;
  return takeHostBytes();
}

/** A string property (route_name, cluster_name, request.path, …); null if absent. */
export function getPropertyString(path: string[]): string | null {
  const bytes = getProperty(path);
  return bytes !== null ? fromUtf8(bytes) : null;
}

/** An integer property (8 bytes little-endian, e.g. source.port); `defaultValue` if absent or not 8 bytes. */
export function getPropertyInt(path: string[], defaultValue: i64 = 0): i64 {
  const bytes = getProperty(path);
  if (bytes === null || bytes.byteLength != 8) return defaultValue;
  return load<i64>(changetype<usize>(bytes));
}

/** Sets a property (stored by Envoy as filter state `wasm.<path>`); data is a string or bytes. */
export function setProperty<T>(path: string[], value: T): WasmResult {
  const p = encodePropertyPath(path);
  const v = bytesOf<T>(value);
  return <WasmResult>proxy_set_property(changetype<usize>(p), p.byteLength, changetype<usize>(v), v.byteLength);
}
