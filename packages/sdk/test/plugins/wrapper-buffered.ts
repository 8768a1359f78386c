// Only buffered body callbacks: the wrapper holds the body (StopIterationAndBuffer) until the
// end of the stream and hands it over whole; binary bodies and websocket upgrades are skipped.
export * from "@gatewasm/sdk/assembly/exports";
import {
  DataAction,
  HttpContext,
  Log,
  processRequestBodyBy,
  processResponseBodyBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";

class Config {}

function onRequestBody(ctx: HttpContext, config: Config, body: ArrayBuffer, log: Log): DataAction {
  log.info("request body " + String.UTF8.decode(body) + " hasRequestBody=" + (ctx.hasRequestBody() ? "1" : "0"));
  proxywasm.replaceHttpRequestBody(String.UTF8.decode(body).toUpperCase());
  return types.DataContinue;
}

function onResponseBody(ctx: HttpContext, config: Config, body: ArrayBuffer, log: Log): DataAction {
  log.info("response body " + String.UTF8.decode(body) + " host=" + ctx.host());
  return types.DataContinue;
}

setCtx<Config>("wrapper-buffered", [
  processRequestBodyBy<Config>(onRequestBody),
  processResponseBodyBy<Config>(onResponseBody),
]);
