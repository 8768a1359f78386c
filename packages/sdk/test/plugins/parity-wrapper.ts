// Higress parity on the wrapper: the plugin context (start hook, plugin values, rule isolation
// switch, leader election in a tick), execution phases, the matched config, user attributes
// (read back from the properties they set), route calls, paused streaming responses and the
// buffer queue, request helpers, …f logging and VM-rebuild / IO-cycle options. The request's
// `x-mode` header picks what the header callback does.
export * from "@gatewasm/sdk/assembly/exports";
import {
  ConfigError,
  DataAction,
  HTTPExecutionPhase,
  HeaderAction,
  Headers,
  HttpClient,
  HttpContext,
  JsonValue,
  Log,
  PluginContext,
  RouteCluster,
  UserAttributes,
  getRequestPathWithoutQuery,
  isApplicationJson,
  newClusterClient,
  parseConfigWithContext,
  prePluginStartOrReload,
  processRequestBodyBy,
  processRequestHeadersBy,
  processResponseHeadersBy,
  processStreamDoneBy,
  processStreamingResponseBodyBy,
  proxywasm,
  setCtx,
  tickFuncBy,
  withMaxRequestsPerIoCycle,
  withRebuildAfterRequests,
  withRebuildMaxMemBytes,
  types,
} from "@gatewasm/sdk";

class Config {
  plugin: PluginContext | null = null;
  name: string = "";
  client: HttpClient<Config> | null = null;
}

// Memory the "grow" mode keeps, so the VM's memory passes withRebuildMaxMemBytes.
let kept: ArrayBuffer | null = null;

function prePluginStart(ctx: PluginContext): ConfigError | null {
  const fail = proxywasm.getPropertyString(["fail_start"]);
  if (fail !== null && fail.length != 0) return new ConfigError("refused: " + fail);
  ctx.enableRuleLevelConfigIsolation();
  ctx.setContext<string>("started", "yes");
  proxywasm.logInfo(
    "pre-start root=" + ctx.rootId.toString() + " isolation=" + (ctx.isRuleLevelConfigIsolation() ? "1" : "0"),
  );
  return null;
}

function parseConfig(ctx: PluginContext, json: JsonValue, config: Config, log: Log): ConfigError | null {
  config.plugin = ctx;
  config.name = json.get("name").string();
  config.client = newClusterClient<Config>(new RouteCluster());
  const started = ctx.getContext<string>("started");
  log.infof("parse name=%s started=%s fingerprint=%s", [
    config.name,
    started !== null ? started : "null",
    ctx.getFingerPrint(),
  ]);
  return null;
}

function onTick(config: Config, log: Log): void {
  const p = config.plugin;
  if (p === null) return;
  p.doLeaderElection();
  log.info("tick leader=" + (p.isLeader() ? "1" : "0"));
}

function phase(ctx: HttpContext): string {
  return (<i32>ctx.getExecutionPhase()).toString();
}

function onCallAnswer(
  ctx: HttpContext,
  config: Config,
  status: i32,
  headers: Headers,
  body: ArrayBuffer,
  log: Log,
): void {
  log.info("call answered phase=" + phase(ctx));
  if (ctx.getExecutionPhase() == HTTPExecutionPhase.DecodeHeader) proxywasm.resumeHttpRequest();
}

function onRouted(
  ctx: HttpContext,
  config: Config,
  status: i32,
  headers: Array<string[]>,
  body: ArrayBuffer,
  log: Log,
): void {
  let names = "";
  for (let i = 0; i < headers.length; i++) names += headers[i][0] + "=" + headers[i][1] + ";";
  log.info(
    "routed status=" +
      status.toString() +
      " headers=" +
      names +
      " body=" +
      String.UTF8.decode(body) +
      " phase=" +
      phase(ctx),
  );
  proxywasm.replaceHttpResponseBody("wrapped:" + String.UTF8.decode(body));
}

function showAttributes(ctx: HttpContext, log: Log): void {
  const custom = proxywasm.getPropertyString(["custom_log"]);
  const ai = proxywasm.getPropertyString(["ai_log"]);
  const tag = proxywasm.getPropertyString(["trace_span_tag.tokens"]);
  const tagName = proxywasm.getPropertyString(["trace_span_tag.name"]);
  log.info("custom_log=" + (custom !== null ? custom : "null"));
  log.info("ai_log=" + (ai !== null ? ai : "null"));
  log.info("trace tokens=" + (tag !== null ? tag : "null") + " name=" + (tagName !== null ? tagName : "null"));
}

function onRequestHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  const modeHeader = proxywasm.getHttpRequestHeader("x-mode");
  const mode = modeHeader !== null ? modeHeader : "";
  ctx.setContext<string>("mode", mode);
  const rebuild = proxywasm.getPropertyString(["wasm_need_rebuild"]);
  log.info("request-headers phase=" + phase(ctx) + " rebuild=" + (rebuild !== null ? rebuild : "null"));
  const matched = ctx.getMatchConfig<Config>();
  log.info("match name=" + (matched !== null ? matched.name : "null"));
  if (mode == "grow") {
    kept = new ArrayBuffer(9 * 1024 * 1024);
  } else if (mode == "attributes") {
    ctx.setUserAttribute<string>("name", 'a "b" <c>\n');
    ctx.setUserAttribute<i64>("tokens", 42);
    ctx.setUserAttribute<f64>("ratio", 1.5);
    ctx.setUserAttribute<bool>("ok", true);
    ctx.setUserAttribute<string>("empty", "");
    const first = ctx.writeUserAttributeToLog();
    // A second write merges: the new value wins, the others stay.
    ctx.setUserAttribute<i64>("tokens", 43);
    const second = ctx.writeUserAttributeToLog();
    const ai = ctx.writeUserAttributeToLogWithKey("ai_log");
    const trace = ctx.writeUserAttributeToTrace();
    log.info(
      "write results " +
        (<i32>first).toString() +
        " " +
        (<i32>second).toString() +
        " " +
        (<i32>ai).toString() +
        " " +
        (<i32>trace).toString() +
        " get tokens=" +
        ctx.getUserAttribute("tokens")! +
        " ratio=" +
        ctx.getUserAttribute("ratio")! +
        " missing=" +
        (ctx.getUserAttribute("none") === null ? "null" : "?"),
    );
    showAttributes(ctx, log);
  } else if (mode == "attributes-map") {
    const map = new UserAttributes();
    map.set<string>("only", "this");
    ctx.setUserAttribute<string>("dropped", "x");
    ctx.setUserAttributeMap(map);
    log.info(
      "map keys=" + ctx.getUserAttributeMap().keys().join(",") + " size=" + ctx.getUserAttributeMap().size.toString(),
    );
    const r = ctx.writeUserAttributeToLog();
    log.info("write result " + (<i32>r).toString());
    showAttributes(ctx, log);
  } else if (mode == "path") {
    log.info("path-without-query=" + getRequestPathWithoutQuery());
  } else if (mode == "format") {
    log.infof("%s has %d items, 100%% done, %v", ["cart", "3", "ok"]);
    log.warnf("missing %s and %d", ["one"]);
    log.errorf("extra %s", ["a", "b", "c"]);
    log.debugf("not shown %s", ["x"]);
    log.unsafeInfo("secret header");
    log.resetID("pid-7");
    log.info("after reset");
    log.resetID("");
  } else if (mode == "call") {
    const err = config.client!.get("/answer", null, onCallAnswer);
    if (err === null) return types.HeaderStopAllIterationAndWatermark;
    log.error("call failed " + err.message);
  } else if (mode == "route" || mode == "route-bad" || mode == "pause") {
    // The body callback does the work; Go's RouteCall wants the header phase stopped.
    return types.HeaderStopIteration;
  }
  return types.HeaderContinue;
}

function onRequestBody(ctx: HttpContext, config: Config, body: ArrayBuffer, log: Log): DataAction {
  log.info("request-body phase=" + phase(ctx));
  const route = ctx.getStringContext("mode", "");
  if (route == "route" || route == "route-bad") {
    const url = route == "route" ? "http://backend.example:8080/v1/check?q=1#frag" : "http://bad url/";
    const err = ctx.routeCall<Config>(
      "POST",
      url,
      [["x-route", "1"]],
      String.UTF8.encode("routed " + String.UTF8.decode(body)),
      onRouted,
    );
    log.info("route call " + (err !== null ? "error " + err : "started"));
  }
  return types.DataContinue;
}

function onResponseHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  log.info("response-headers phase=" + phase(ctx) + " json=" + (isApplicationJson() ? "1" : "0"));
  return types.HeaderContinue;
}

function onStreamingResponse(
  ctx: HttpContext,
  config: Config,
  chunk: ArrayBuffer,
  isLastChunk: bool,
  log: Log,
): ArrayBuffer {
  log.info("response-body phase=" + phase(ctx) + " queued=" + ctx.bufferQueueSize().toString());
  const text = String.UTF8.decode(chunk);
  if (text.startsWith("hold:")) {
    // Keep the chunk back and pause; the next chunk releases everything held.
    ctx.pushBuffer(chunk);
    ctx.needPauseStreamingResponse();
    return new ArrayBuffer(0);
  }
  let out = "";
  while (ctx.bufferQueueSize() > 0) out += String.UTF8.decode(ctx.popBuffer()!) + "|";
  const none = ctx.popBuffer();
  log.info("queue drained empty-pop=" + (none === null ? "null" : "?"));
  return String.UTF8.encode(out + text);
}

function onDone(ctx: HttpContext, config: Config, log: Log): void {
  log.info("done phase=" + phase(ctx));
}

setCtx<Config>("parity-wrapper", [
  prePluginStartOrReload<Config>(prePluginStart),
  parseConfigWithContext<Config>(parseConfig),
  tickFuncBy<Config>(1000, onTick),
  withMaxRequestsPerIoCycle<Config>(20),
  withRebuildAfterRequests<Config>(3),
  withRebuildMaxMemBytes<Config>(8 * 1024 * 1024),
  processRequestHeadersBy<Config>(onRequestHeaders),
  processRequestBodyBy<Config>(onRequestBody),
  processResponseHeadersBy<Config>(onResponseHeaders),
  processStreamingResponseBodyBy<Config>(onStreamingResponse),
  processStreamDoneBy<Config>(onDone),
]);
