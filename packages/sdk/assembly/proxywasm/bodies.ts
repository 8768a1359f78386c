// The body utility methods of the Go SDK's proxywasm package. A body can be read or edited only
// inside the body callback (or while that direction is paused); elsewhere Envoy answers with an
// empty or missing buffer. Data may be a string (UTF-8), an ArrayBuffer or a Uint8Array.
//
//   const body = proxywasm.getHttpRequestBody(0, bodySize);
//   proxywasm.replaceHttpRequestBody("{\"masked\":true}");
import { BufferType, WasmResult } from "../abi/enums";
import { appendBuffer, getBuffer, prependBuffer, replaceBuffer } from "./buffer";

/** `maxSize` bytes of the request body from `start`; null outside the request body phase. */
export function getHttpRequestBody(start: u32, maxSize: u32): ArrayBuffer | null {
  return getBuffer(BufferType.HttpRequestBody, start, maxSize);
}
export function appendHttpRequestBody<T>(data: T): WasmResult {
  return appendBuffer<T>(BufferType.HttpRequestBody, data);
}
export function prependHttpRequestBody<T>(data: T): WasmResult {
  return prependBuffer<T>(BufferType.HttpRequestBody, data);
}
export function replaceHttpRequestBody<T>(data: T): WasmResult {
  return replaceBuffer<T>(BufferType.HttpRequestBody, data);
}

/** `maxSize` bytes of the response body from `start`; null outside the response body phase. */
export function getHttpResponseBody(start: u32, maxSize: u32): ArrayBuffer | null {
  return getBuffer(BufferType.HttpResponseBody, start, maxSize);
}
export function appendHttpResponseBody<T>(data: T): WasmResult {
  return appendBuffer<T>(BufferType.HttpResponseBody, data);
}
export function prependHttpResponseBody<T>(data: T): WasmResult {
  return prependBuffer<T>(BufferType.HttpResponseBody, data);
}
export function replaceHttpResponseBody<T>(data: T): WasmResult {
  return replaceBuffer<T>(BufferType.HttpResponseBody, data);
}
