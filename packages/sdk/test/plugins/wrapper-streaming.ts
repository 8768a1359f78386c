// Buffered and streaming body callbacks registered together: streaming wins unless the request
// asks for buffering (ctx.bufferRequestBody / bufferResponseBody, chosen by header x-buffer).
// Streaming callbacks upper-case each chunk and mark the last one; buffered callbacks wrap the
// whole body. Tick functions with their own periods run too.
export * from "@gatewasm/sdk/assembly/exports";
import {
  ConfigError,
  DataAction,
  HeaderAction,
  HttpContext,
  JsonValue,
  Log,
  parseConfigBy,
  processRequestBodyBy,
  processRequestHeadersBy,
  processResponseBodyBy,
  processResponseHeadersBy,
  processStreamingRequestBodyBy,
  processStreamingResponseBodyBy,
  proxywasm,
  registerTickFunc,
  setCtx,
  tickFuncBy,
  types,
} from "@gatewasm/sdk";

class Config {
  name: string = "";
  fastTicks: i32 = 0;
  slowTicks: i32 = 0;
  optionTicks: i32 = 0;
}

function onFastTick(config: Config, log: Log): void {
  config.fastTicks++;
  log.info("fast tick " + config.fastTicks.toString());
}
function onSlowTick(config: Config, log: Log): void {
  config.slowTicks++;
  log.info("slow tick " + config.slowTicks.toString());
}
function onOptionTick(config: Config, log: Log): void {
  config.optionTicks++;
  log.info("option tick " + config.name + " " + config.optionTicks.toString());
}

function parseConfig(json: JsonValue, config: Config, log: Log): ConfigError | null {
  config.name = json.get("name").string("global");
  if (json.get("ticks").bool()) {
    registerTickFunc<Config>(json.get("fastMs").int(100), onFastTick);
    registerTickFunc<Config>(json.get("slowMs").int(300), onSlowTick);
  }
  return null;
}

function onRequestHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  const buffer = proxywasm.getHttpRequestHeader("x-buffer");
  if (buffer === "request" || buffer === "both") ctx.bufferRequestBody();
  if (buffer === "response" || buffer === "both") ctx.bufferResponseBody();
  if (proxywasm.getHttpRequestHeader("x-skip") !== null) ctx.dontReadRequestBody();
  return types.HeaderContinue;
}

function upper(chunk: ArrayBuffer, last: bool): ArrayBuffer {
  return String.UTF8.encode(String.UTF8.decode(chunk).toUpperCase() + (last ? "|end" : "|"));
}

function onRequestChunk(ctx: HttpContext, config: Config, chunk: ArrayBuffer, last: bool, log: Log): ArrayBuffer {
  log.info("request chunk " + String.UTF8.decode(chunk) + (last ? " last" : ""));
  return upper(chunk, last);
}

function onRequestBody(ctx: HttpContext, config: Config, body: ArrayBuffer, log: Log): DataAction {
  log.info("request body " + String.UTF8.decode(body));
  proxywasm.replaceHttpRequestBody("(" + String.UTF8.decode(body) + ")");
  return types.DataContinue;
}

function onResponseHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  proxywasm.removeHttpResponseHeader("content-length");
  return types.HeaderContinue;
}

function onResponseChunk(ctx: HttpContext, config: Config, chunk: ArrayBuffer, last: bool, log: Log): ArrayBuffer {
  log.info("response chunk " + String.UTF8.decode(chunk) + (last ? " last" : ""));
  return upper(chunk, last);
}

function onResponseBody(ctx: HttpContext, config: Config, body: ArrayBuffer, log: Log): DataAction {
  log.info("response body " + String.UTF8.decode(body));
  proxywasm.replaceHttpResponseBody("[" + String.UTF8.decode(body) + "]");
  return types.DataContinue;
}

setCtx<Config>("wrapper-streaming", [
  parseConfigBy<Config>(parseConfig),
  processRequestHeadersBy<Config>(onRequestHeaders),
  processRequestBodyBy<Config>(onRequestBody),
  processStreamingRequestBodyBy<Config>(onRequestChunk),
  processResponseHeadersBy<Config>(onResponseHeaders),
  processResponseBodyBy<Config>(onResponseBody),
  processStreamingResponseBodyBy<Config>(onResponseChunk),
  tickFuncBy<Config>(200, onOptionTick),
]);
