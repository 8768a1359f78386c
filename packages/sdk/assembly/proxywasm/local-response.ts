// Direct responses (`proxy_send_local_response`). Envoy defers the reply until the current
// callback returns, forces the callback's result to Stop, and then runs the plugin's own
// response callbacks on the reply. Envoy 1.27 (Higress) refuses a second reply on a stream.
import { proxy_send_local_response } from "../abi/imports";
import { LogLevel, WasmResult } from "../abi/enums";
import { encodePairs } from "../abi/pairs";
import { utf8 } from "../abi/memory";
import { bytesOf } from "./bytes";
import { checkEncodedPairs, checkPairShapes } from "./header-validation";
import { logLine } from "./log-line";

/**
 * Answers the request directly, bypassing the upstream. `headers` is [[name, value], …] or
 * null; `body` is a string, ArrayBuffer, Uint8Array or null. The status must be 200 to 599 (the
 * range Envoy accepts for every configured reply: direct_response, local_reply_config) and
 * headers are validated first: BadArgument and nothing sent if either fails.
 *
 *   proxywasm.sendHttpResponse(200, null, "hello world", -1);
 */
export function sendHttpResponse<H, T>(statusCode: u32, headers: H, body: T, grpcStatus: i32 = -1): WasmResult {
  return sendHttpResponseWithDetail<H, T>(statusCode, "", headers, body, grpcStatus);
}

/**
 * `sendHttpResponse` with response-code details (Envoy's `%RESPONSE_CODE_DETAILS%`).
 *
 *   proxywasm.sendHttpResponseWithDetail(429, "my-plugin.rejected", null, "Too many requests", -1);
 */
export function sendHttpResponseWithDetail<H, T>(
  statusCode: u32,
  details: string,
  headers: H,
  body: T,
  grpcStatus: i32 = -1,
): WasmResult {
  // Envoy would write any number on the status line, which no client can parse (1000), or send
  // an interim 1xx as the final answer: refused here, next to the plugin line that asked.
  if (statusCode < 200 || statusCode > 599) {
    logLine(LogLevel.Error, "gatewasm: bad local reply status: it must be 200 to 599", null);
    return WasmResult.BadArgument;
  }
  const bytes = bytesOf<T>(body);
  // Empty details and headers go as (0, 0): no allocation on the common path. The buffers stay
  // in managed locals until the host call: a raw pointer alone would not keep them alive.
  let detailBytes: ArrayBuffer | null = null;
  let headerBytes: ArrayBuffer | null = null;
  if (details.length != 0) detailBytes = utf8(details);
  // A literal `null` reaches here as an integer type: then no header code is compiled at all
  // (validation and encoding cost a kilobyte, which hello-world cannot afford).
  if (!isInteger<H>()) {
    if (idof<H>() != idof<Array<string[]>>()) ERROR("headers must be Array<string[]> ([[name, value], …]) or null");
    const list = changetype<Array<string[]> | null>(headers);
    if (list !== null && list.length != 0) {
      if (!checkPairShapes(list)) return WasmResult.BadArgument;
      const encoded = encodePairs(list);
      if (!checkEncodedPairs(encoded)) return WasmResult.BadArgument;
      headerBytes = encoded;
    }
  }
  const detailPtr = changetype<usize>(detailBytes);
  const detailLen = detailBytes !== null ? detailBytes.byteLength : 0;
  const headerPtr = changetype<usize>(headerBytes);
  const headerLen = headerBytes !== null ? headerBytes.byteLength : 0;
  return <WasmResult>(
    proxy_send_local_response(
      statusCode,
      detailPtr,
      detailLen,
      changetype<usize>(bytes),
      bytes.byteLength,
      headerPtr,
      headerLen,
      grpcStatus,
    )
  );
}
