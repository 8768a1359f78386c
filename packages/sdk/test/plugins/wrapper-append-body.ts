// Appends to the request body, the Higress way: the header phase removes content-length first
// (unless the request carries x-keep-length, to show what happens without it).
export * from "@gatewasm/sdk/assembly/exports";
import {
  DataAction,
  HeaderAction,
  HttpContext,
  Log,
  processRequestBodyBy,
  processRequestHeadersBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";

class Config {}

function onRequestHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  if (proxywasm.getHttpRequestHeader("x-keep-length") === null) ctx.removeRequestContentLength();
  return types.HeaderContinue;
}

function onRequestBody(ctx: HttpContext, config: Config, body: ArrayBuffer, log: Log): DataAction {
  proxywasm.appendHttpRequestBody(" + appended by the plugin");
  return types.DataContinue;
}

setCtx<Config>("wrapper-append-body", [
  processRequestHeadersBy<Config>(onRequestHeaders),
  processRequestBodyBy<Config>(onRequestBody),
]);
