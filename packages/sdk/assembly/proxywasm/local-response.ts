// Direct responses (`proxy_send_local_response`). Envoy defers the reply until the current
// callback returns, forces the callback's result to Stop, and then runs the plugin's own
// response callbacks on the reply.
import { proxy_send_local_response } from "../abi/imports";
import { WasmResult } from "../abi/enums";
import { encodePairs } from "../abi/pairs";
import { utf8 } from "../abi/memory";

/** Bytes of a body given as a string (UTF-8) or as raw bytes. */
export function bodyBytes<T>(body: T): ArrayBuffer {
  if (isNullable<T>() && changetype<usize>(body) == 0) return new ArrayBuffer(0);
  if (isString<T>()) return utf8(changetype<string>(body));
  if (idof<T>() == idof<ArrayBuffer>()) return changetype<ArrayBuffer>(body);
  if (idof<T>() == idof<Uint8Array>()) return changetype<Uint8Array>(body).slice().buffer;
  ERROR("body must be a string, ArrayBuffer or Uint8Array");
  return new ArrayBuffer(0);
}

/**
 * Answers the request directly, bypassing the upstream.
 *
 *   proxywasm.sendHttpResponse(200, null, "hello world", -1);
 */
export function sendHttpResponse<T>(statusCode: u32, headers: Array<string[]> | null, body: T, grpcStatus: i32 = -1): WasmResult {
  return sendHttpResponseWithDetail(statusCode, "", headers, body, grpcStatus);
}

/** `sendHttpResponse` with response-code details (Envoy's `%RESPONSE_CODE_DETAILS%`). */
export function sendHttpResponseWithDetail<T>(statusCode: u32, details: string, headers: Array<string[]> | null, body: T, grpcStatus: i32 = -1): WasmResult {
  const bytes = bodyBytes<T>(body);
  // Empty details and headers go as (0, 0): no allocation on the common path. The buffers stay
  // in managed locals until the host call: a raw pointer alone would not keep them alive.
  let detailBytes: ArrayBuffer | null = null;
  let headerBytes: ArrayBuffer | null = null;
  if (details.length != 0) detailBytes = utf8(details);
  if (headers !== null && headers.length != 0) headerBytes = encodePairs(headers);
  const detailPtr = changetype<usize>(detailBytes);
  const detailLen = detailBytes !== null ? detailBytes.byteLength : 0;
  const headerPtr = changetype<usize>(headerBytes);
  const headerLen = headerBytes !== null ? headerBytes.byteLength : 0;
  return <WasmResult>proxy_send_local_response(
    statusCode, detailPtr, detailLen, changetype<usize>(bytes), bytes.byteLength, headerPtr, headerLen, grpcStatus,
  );
}
