// HttpContext through every phase: cached request facts, typed per-request values, body
// controls and Higress's body-skipping rules. Behaviour is chosen by the configuration.
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
  processStreamDoneBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";
import { pairsOf } from "./lib/script";

class Thing {
  constructor(public label: string) {}
}

class Config {
  reply: bool = false;
  replyStatus: i64 = 200;
  replyHeaders: Array<string[]> = [];
  replyBody: string = "";
  requestHeadersAction: i64 = 0;
  responseHeadersAction: i64 = 0;
  dontReadRequestBody: bool = false;
  dontReadResponseBody: bool = false;
  replaceResponseBody: string = "";
  replaceRequestBody: string = "";
  requestBodyAction: i64 = 0;
  higressProperties: bool = false;
  logLevels: bool = false;
}

function parseConfig(json: JsonValue, config: Config, log: Log): ConfigError | null {
  const reply = json.get("reply");
  config.reply = reply.exists();
  config.replyStatus = reply.get("status").int(200);
  config.replyHeaders = pairsOf(reply.get("headers"));
  config.replyBody = reply.get("body").string();
  config.requestHeadersAction = json.get("requestHeadersAction").int(0);
  config.responseHeadersAction = json.get("responseHeadersAction").int(0);
  config.dontReadRequestBody = json.get("dontReadRequestBody").bool();
  config.dontReadResponseBody = json.get("dontReadResponseBody").bool();
  config.replaceResponseBody = json.get("replaceResponseBody").string();
  config.replaceRequestBody = json.get("replaceRequestBody").string();
  config.requestBodyAction = json.get("requestBodyAction").int(0);
  config.higressProperties = json.get("higressProperties").bool();
  config.logLevels = json.get("logLevels").bool();
  return null;
}

function facts(ctx: HttpContext): string {
  return (
    "scheme=" +
    ctx.scheme() +
    " host=" +
    ctx.host() +
    " path=" +
    ctx.path() +
    " method=" +
    ctx.method() +
    " requestId=" +
    ctx.requestId() +
    " plugin=" +
    ctx.pluginName() +
    " hasRequestBody=" +
    (ctx.hasRequestBody() ? "1" : "0") +
    " websocket=" +
    (ctx.isWebsocket() ? "1" : "0") +
    " binaryRequest=" +
    (ctx.isBinaryRequestBody() ? "1" : "0")
  );
}

function values(ctx: HttpContext): string {
  const thing = ctx.getContext<Thing>("thing");
  const wrongType = ctx.getContext<Thing>("s");
  const bytes = ctx.getBytesContext("bytes", null);
  return (
    "s=" +
    ctx.getStringContext("s", "?") +
    " n32=" +
    ctx.getIntContext("n32", -1).toString() +
    " n64=" +
    ctx.getIntContext("n64", -1).toString() +
    " u32=" +
    ctx.getIntContext("u32", -1).toString() +
    " b=" +
    (ctx.getBoolContext("b", false) ? "true" : "false") +
    " f=" +
    ctx.getFloatContext("f", -1).toString() +
    " bytes=" +
    (bytes !== null ? String.UTF8.decode(bytes) : "null") +
    " thing=" +
    (thing !== null ? thing.label : "null") +
    " wrongType=" +
    (wrongType !== null ? "!" : "null") +
    " missing=" +
    ctx.getStringContext("missing", "default") +
    " has=" +
    (ctx.hasContext("s") ? "1" : "0") +
    (ctx.hasContext("missing") ? "1" : "0") +
    " n32AsString=" +
    ctx.getStringContext("n32", "none")
  );
}

function onHttpRequestHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  log.info("requestHeaders " + facts(ctx));
  ctx.setContext("s", "text");
  ctx.setContext<i32>("n32", 32);
  ctx.setContext<i64>("n64", 9007199254740993);
  ctx.setContext<u32>("u32", 4000000000);
  ctx.setContext("b", true);
  ctx.setContext<f64>("f", 1.5);
  ctx.setContext("bytes", String.UTF8.encode("raw"));
  ctx.setContext("thing", new Thing("first"));
  ctx.setContext("thing", new Thing("second")); // replaces
  ctx.setContext("gone", "x");
  ctx.deleteContext("gone");
  log.info("values " + values(ctx) + " gone=" + (ctx.hasContext("gone") ? "1" : "0"));
  if (config.higressProperties) {
    log.info(
      "higress " +
        (<i32>ctx.disableReroute()).toString() +
        (<i32>ctx.setRequestBodyBufferLimit(1024)).toString() +
        (<i32>ctx.setResponseBodyBufferLimit(2048)).toString() +
        " " +
        proxywasm.getPropertyString(["clear_route_cache"])! +
        " " +
        proxywasm.getPropertyString(["set_decoder_buffer_limit"])! +
        " " +
        proxywasm.getPropertyString(["set_encoder_buffer_limit"])!,
    );
  }
  if (config.logLevels) {
    log.trace("at trace");
    log.debug("at debug");
    log.warn("at warn");
    log.error("at error");
    log.critical("at critical");
  }
  if (config.dontReadRequestBody) ctx.dontReadRequestBody();
  if (config.dontReadResponseBody) ctx.dontReadResponseBody();
  if (config.reply) proxywasm.sendHttpResponse(<u32>config.replyStatus, config.replyHeaders, config.replyBody, -1);
  return <HeaderAction>config.requestHeadersAction;
}

function onHttpRequestBody(ctx: HttpContext, config: Config, body: ArrayBuffer, log: Log): DataAction {
  log.info("requestBody " + String.UTF8.decode(body));
  if (config.replaceRequestBody.length != 0) proxywasm.replaceHttpRequestBody(config.replaceRequestBody);
  return <DataAction>config.requestBodyAction;
}

function onHttpResponseHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  log.info(
    "responseHeaders " +
      facts(ctx) +
      " hasResponseBody=" +
      (ctx.hasResponseBody() ? "1" : "0") +
      " binaryResponse=" +
      (ctx.isBinaryResponseBody() ? "1" : "0"),
  );
  log.info("responseValues " + values(ctx));
  proxywasm.addHttpResponseHeader("x-host", ctx.host());
  proxywasm.addHttpResponseHeader("x-thing", ctx.getContext<Thing>("thing")!.label);
  return <HeaderAction>config.responseHeadersAction;
}

function onHttpResponseBody(ctx: HttpContext, config: Config, body: ArrayBuffer, log: Log): DataAction {
  log.info("responseBody " + String.UTF8.decode(body));
  if (config.replaceResponseBody.length != 0) proxywasm.replaceHttpResponseBody(config.replaceResponseBody);
  return types.DataContinue;
}

function onHttpStreamDone(ctx: HttpContext, config: Config, log: Log): void {
  log.info("done " + ctx.path() + " " + ctx.getStringContext("s", "?"));
}

setCtx<Config>("wrapper-context", [
  parseConfigBy<Config>(parseConfig),
  processRequestHeadersBy<Config>(onHttpRequestHeaders),
  processRequestBodyBy<Config>(onHttpRequestBody),
  processResponseHeadersBy<Config>(onHttpResponseHeaders),
  processResponseBodyBy<Config>(onHttpResponseBody),
  processStreamDoneBy<Config>(onHttpStreamDone),
]);
