// Reading and editing host buffers (bodies, configuration, callout replies).
// Envoy's set_buffer_bytes(start, length, data): start 0 drains `length` bytes then prepends
// `data`; a start at or past the end appends. So (0, 0) prepends, (0, MAX) replaces and
// (MAX, 0) appends, whatever the buffer's size.
import { proxy_get_buffer_bytes, proxy_set_buffer_bytes } from "../abi/imports";
import { BufferType, WasmResult } from "../abi/enums";
import { RETURN_LEN, RETURN_PTR, clearReturn, takeHostBytes } from "../abi/memory";
import { bytesOf } from "./bytes";

const WHOLE: u32 = <u32>i32.MAX_VALUE;

/** Up to `maxSize` bytes from `start`; null if the buffer does not exist in this phase. */
export function getBuffer(type: BufferType, start: u32, maxSize: u32): ArrayBuffer | null {
  clearReturn();
  if (proxy_get_buffer_bytes(type, start, maxSize, RETURN_PTR, RETURN_LEN) != WasmResult.Ok) return null;
  return takeHostBytes();
}

export function setBuffer<T>(type: BufferType, start: u32, length: u32, data: T): WasmResult {
  const bytes = bytesOf<T>(data);
  return <WasmResult>proxy_set_buffer_bytes(type, start, length, changetype<usize>(bytes), bytes.byteLength);
}

// @ts-ignore: decorator
@inline export function appendBuffer<T>(type: BufferType, data: T): WasmResult { return setBuffer<T>(type, WHOLE, 0, data); }
// @ts-ignore: decorator
@inline export function prependBuffer<T>(type: BufferType, data: T): WasmResult { return setBuffer<T>(type, 0, 0, data); }
// @ts-ignore: decorator
@inline export function replaceBuffer<T>(type: BufferType, data: T): WasmResult { return setBuffer<T>(type, 0, WHOLE, data); }
