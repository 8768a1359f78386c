// HttpClient over every cluster kind: the configuration lists clusters (their names are
// reported in the reply when no call is configured) and optionally one call to make.
export * from "@gatewasm/sdk/assembly/exports";
import {
  ConfigError,
  HeaderAction,
  Headers,
  HttpClient,
  HttpContext,
  JsonValue,
  Log,
  newClusterClient,
  parseConfigBy,
  processRequestHeadersBy,
  proxywasm,
  setCtx,
  tickFuncBy,
  types,
} from "@gatewasm/sdk";
import { clusterOf } from "./lib/clusters";
import { pairsOf } from "./lib/script";

class Config {
  clients: HttpClient<Config>[] = [];
  hasCall: bool = false;
  callClient: i32 = 0;
  method: string = "GET";
  url: string = "/";
  headers: Array<string[]> | null = null;
  body: string | null = null;
  timeout: i64 = -1;
  tickCall: bool = false;
  failOnError: bool = false;
}

function parseConfig(json: JsonValue, config: Config, log: Log): ConfigError | null {
  const clusters = json.get("clusters").array();
  for (let i = 0; i < clusters.length; i++) config.clients.push(newClusterClient<Config>(clusterOf(clusters[i])));
  const call = json.get("call");
  config.hasCall = call.exists();
  config.callClient = <i32>call.get("client").int(0);
  config.method = call.get("method").string("GET");
  config.url = call.get("url").string("/");
  if (call.get("headers").exists()) config.headers = pairsOf(call.get("headers"));
  if (call.get("body").isString()) config.body = call.get("body").string();
  config.timeout = call.get("timeout").int(-1);
  config.tickCall = json.get("tickCall").bool();
  return null;
}

function onResponse(
  ctx: HttpContext,
  config: Config,
  status: i32,
  headers: Headers,
  body: ArrayBuffer,
  log: Log,
): void {
  log.info(
    "response ctx=" +
      ctx.id.toString() +
      " path=" +
      ctx.path() +
      " status=" +
      status.toString() +
      " x-answer=" +
      (headers.get("X-Answer") !== null ? headers.get("X-Answer")! : "null") +
      " headers=" +
      headers.length.toString() +
      " body=" +
      String.UTF8.decode(body),
  );
  if (ctx.id == 0) return; // a call made outside a request
  if (status != 200) {
    proxywasm.sendHttpResponse(
      502,
      [["x-upstream-status", status.toString()]],
      "upstream said " + status.toString(),
      -1,
    );
    return;
  }
  // The other views of the headers: every value of a repeated one, all pairs, has().
  log.info(
    "response-view values=" +
      headers.values("X-Multi").join(",") +
      " has=" +
      (headers.has("x-multi") ? "1" : "0") +
      " has-none=" +
      (headers.has("x-none") ? "1" : "0") +
      " pairs=" +
      headers.pairs.length.toString() +
      " é=" +
      (headers.get("é") !== null ? headers.get("é")! : "null"),
  );
  const answer = headers.get("x-answer");
  if (answer !== null) proxywasm.addHttpRequestHeader("x-answer", answer);
  proxywasm.resumeHttpRequest();
}

function makeCall(config: Config, log: Log): bool {
  const client = config.clients[config.callClient];
  // A request may bring its own URL (x-url): the client keeps the last URL's encoded headers.
  let url: string = config.url;
  if (!config.tickCall) {
    const own = proxywasm.getHttpRequestHeader("x-url");
    if (own !== null) url = own;
  }
  const err =
    config.timeout >= 0
      ? client.call(config.method, url, config.headers, config.body, onResponse, <u32>config.timeout)
      : config.method == "GET"
        ? client.get(url, config.headers, onResponse)
        : config.method == "POST"
          ? client.post(url, config.headers, config.body, onResponse)
          : config.method == "PUT"
            ? client.put(url, config.headers, config.body, onResponse)
            : config.method == "PATCH"
              ? client.patch(url, config.headers, config.body, onResponse)
              : config.method == "DELETE"
                ? client.delete(url, config.headers, config.body, onResponse)
                : config.method == "HEAD"
                  ? client.head(url, config.headers, onResponse)
                  : config.method == "OPTIONS"
                    ? client.options(url, config.headers, onResponse)
                    : config.method == "CONNECT"
                      ? client.connect(url, config.headers, config.body, onResponse)
                      : config.method == "TRACE"
                        ? client.trace(url, config.headers, config.body, onResponse)
                        : client.call(config.method, url, config.headers, config.body, onResponse);
  if (err !== null) {
    log.error(
      "call failed kind=" + (<i32>err.kind).toString() + " result=" + err.result.toString() + ": " + err.message,
    );
    return false;
  }
  return true;
}

function onHttpRequestHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  if (!config.hasCall) {
    let names = "";
    for (let i = 0; i < config.clients.length; i++) {
      const c = config.clients[i];
      names += c.clusterName() + " " + c.cluster.hostName() + "\n";
    }
    proxywasm.sendHttpResponse(200, null, names, -1);
    return types.HeaderContinue;
  }
  return makeCall(config, log) ? types.HeaderStopAllIterationAndWatermark : types.HeaderContinue;
}

function onTick(config: Config, log: Log): void {
  if (config.tickCall) makeCall(config, log);
}

setCtx<Config>("http-client", [
  tickFuncBy<Config>(1000, onTick),
  parseConfigBy<Config>(parseConfig),
  processRequestHeadersBy<Config>(onHttpRequestHeaders),
]);
