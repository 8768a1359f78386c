// HTTP calls to other clusters (`proxy_http_call`) and reading their answers. The wrapper's
// HttpClient builds on these; use them directly for full control of the request.
import { proxy_http_call } from "../abi/imports";
import { BufferType, MapType, WasmResult } from "../abi/enums";
import { RETURN_EXTRA } from "../abi/memory";
import { encodeScratch, releaseScratch, scratchA, scratchALength } from "../abi/scratch";
import { encodePairs } from "../abi/pairs";
import { bytesOf } from "./bytes";
import { Callout, registerCallout } from "./callouts";
import { getBuffer } from "./buffer";
import { getMapPairs } from "./header-map";
import { checkEncodedPairs, checkPairShapes } from "./header-validation";

/** Called with the answer's shape; read it with getHttpCallResponseHeaders/Body/Trailers. */
export type HttpCallCallback = (numHeaders: u32, bodySize: usize, numTrailers: u32) => void;

class FunctionCallout extends Callout {
  constructor(private readonly fn: HttpCallCallback) {
    super();
  }
  onHttpCallResponse(numHeaders: u32, bodySize: usize, numTrailers: u32): void {
    this.fn(numHeaders, bodySize, numTrailers);
  }
}

/**
 * Sends `headers` (must include :method, :path and :authority), `body` and `trailers` to
 * `cluster`; `callout` runs when the answer (or Envoy's 503/504 for connect failure/timeout)
 * arrives. Returns the host's result; on failure the callout never runs.
 */
export function dispatchHttpCallout<B>(
  cluster: string,
  headers: Array<string[]>,
  body: B,
  trailers: Array<string[]> | null,
  timeoutMs: u32,
  callout: Callout,
): WasmResult {
  if (!checkPairShapes(headers)) return WasmResult.BadArgument;
  if (trailers !== null && !checkPairShapes(trailers)) return WasmResult.BadArgument;
  return dispatchEncodedHttpCallout<B>(cluster, encodePairs(headers), body, trailers, timeoutMs, callout);
}

/** dispatchHttpCallout with the headers already encoded (checked here, like any others). */
export function dispatchEncodedHttpCallout<B>(
  cluster: string,
  hdrs: ArrayBuffer,
  body: B,
  trailers: Array<string[]> | null,
  timeoutMs: u32,
  callout: Callout,
): WasmResult {
  if (!checkEncodedPairs(hdrs)) return WasmResult.BadArgument;
  const bodyBytes = bytesOf<B>(body);
  let trl: ArrayBuffer | null = null;
  if (trailers !== null && trailers.length != 0) {
    const encoded = encodePairs(trailers);
    if (!checkEncodedPairs(encoded)) return WasmResult.BadArgument;
    trl = encoded;
  }
  const trlPtr = changetype<usize>(trl);
  const trlLen = trl !== null ? trl.byteLength : 0;
  encodeScratch(cluster);
  store<u32>(RETURN_EXTRA, 0);
  const r = <WasmResult>(
    proxy_http_call(
      scratchA,
      scratchALength,
      changetype<usize>(hdrs),
      hdrs.byteLength,
      changetype<usize>(bodyBytes),
      bodyBytes.byteLength,
      trlPtr,
      trlLen,
      timeoutMs,
      RETURN_EXTRA,
    )
  );
  releaseScratch();
  if (r != WasmResult.Ok) return r;
  registerCallout(load<u32>(RETURN_EXTRA), callout);
  return WasmResult.Ok;
}

/**
 * The Go SDK's DispatchHttpCall. AssemblyScript has no closures: keep per-request state on the
 * HttpContext (ctx.setContext) or use HttpClient, whose callbacks receive ctx and config.
 *
 *   proxywasm.dispatchHttpCall("outbound|80||auth.dns", [[":method", "GET"], [":path", "/t"], [":authority", "auth"]], null, null, 500, onAuthResponse);
 */
export function dispatchHttpCall<B>(
  cluster: string,
  headers: Array<string[]>,
  body: B,
  trailers: Array<string[]> | null,
  timeoutMs: u32,
  callback: HttpCallCallback,
): WasmResult {
  return dispatchHttpCallout<B>(cluster, headers, body, trailers, timeoutMs, new FunctionCallout(callback));
}

/** The answer's headers (incl. :status); only inside the call's callback. */
export function getHttpCallResponseHeaders(): Array<string[]> | null {
  return getMapPairs(MapType.HttpCallResponseHeaders);
}
/** The answer's trailers; only inside the call's callback. */
export function getHttpCallResponseTrailers(): Array<string[]> | null {
  return getMapPairs(MapType.HttpCallResponseTrailers);
}
/** Up to `maxSize` bytes of the answer's body from `start`; only inside the call's callback. */
export function getHttpCallResponseBody(start: u32, maxSize: u32): ArrayBuffer | null {
  return getBuffer(BufferType.HttpCallResponseBody, start, maxSize);
}
