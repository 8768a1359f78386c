// Resuming a paused request or response. Envoy defers the resume until the current callback
// returns. Do not resume a direction that is not paused, and not after sendHttpResponse (which
// already ends the exchange): Envoy asserts on it.
import { proxy_close_stream, proxy_continue_stream } from "../abi/imports";
import { StreamType, WasmResult } from "../abi/enums";

/**
 * Lets a paused request continue upstream (after HeaderStopAllIterationAndWatermark etc.).
 *
 *   proxywasm.resumeHttpRequest();
 */
export function resumeHttpRequest(): WasmResult {
  return <WasmResult>proxy_continue_stream(StreamType.HttpRequest);
}

/** Lets a paused response continue downstream. */
export function resumeHttpResponse(): WasmResult {
  return <WasmResult>proxy_continue_stream(StreamType.HttpResponse);
}

/** Resets the stream (Envoy: details `wasm_close_stream`). */
export function closeHttpStream(): WasmResult {
  return <WasmResult>proxy_close_stream(StreamType.HttpRequest);
}
