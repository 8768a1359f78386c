// The fuzz target: every untrusted input the SDK reads goes through it. The configuration is
// walked with every getter; each request's headers are read, re-validated and echoed; payload
// headers are run through the JSON reader (x-json), the RESP reader (x-resp) and the pairs
// decoder (x-pairs); bodies and http-call answers the same way once they arrive. Nothing here
// may trap: the test asserts the VM never fails.
export * from "@gatewasm/sdk/assembly/exports";
import {
  ConfigError,
  DataAction,
  FQDNCluster,
  HeaderAction,
  Headers,
  HttpClient,
  HttpContext,
  JsonValue,
  Log,
  RedisClient,
  RespValue,
  decodePairs,
  encodePairs,
  newClusterClient,
  newRedisClusterClient,
  parseConfigBy,
  parseJson,
  parseResp,
  processRequestBodyBy,
  processRequestHeadersBy,
  processResponseHeadersBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";
import { showResp } from "./lib/resp-text";

class Config {
  reply: bool = false;
  http: HttpClient<Config> = newClusterClient<Config>(new FQDNCluster("fuzz.dns", 80));
  redis: RedisClient<Config> = newRedisClusterClient<Config>(new FQDNCluster("redis.static", 6379));
}

let sink: i64 = 0; // keeps results observable so nothing is optimized away

function walk(v: JsonValue, depth: i32): void {
  if (depth > 6) return;
  sink += v.exists() ? 1 : 0;
  sink += v.isNull() || v.isObject() || v.isArray() || v.isString() || v.isNumber() || v.isBool() ? 1 : 0;
  sink += v.bool() ? 1 : 0;
  sink += v.int(-1);
  sink += <i64>v.float(0);
  sink += v.string().length;
  sink += v.raw().length;
  sink += v.length;
  const keys = v.keys();
  for (let i = 0; i < keys.length && i < 8; i++) walk(v.get(keys[i]), depth + 1);
  const items = v.array();
  for (let i = 0; i < items.length && i < 8; i++) walk(items[i], depth + 1);
  sink += v.stringArray().length;
  walk(v.get("a.b.0"), depth + 3);
  walk(v.get("0"), depth + 3);
  walk(v.at(1 << 20), depth + 5);
  sink += v.require("zz\\.y").exists() ? 1 : 0;
  const err = v.firstError();
  if (err !== null) sink += err.toString().length;
}

function parseConfig(json: JsonValue, config: Config, log: Log): ConfigError | null {
  walk(json, 0);
  config.reply = json.get("reply").bool();
  if (json.get("redis").bool()) config.redis.init("", "", 500);
  // Type errors the walk recorded are expected here: drop them so random configs still start.
  json.doc.firstError = null;
  return null;
}

function fuzzBytes(bytes: ArrayBuffer): void {
  walk(parseJson<ArrayBuffer>(bytes), 0);
  sink += showResp(parseResp(bytes)).length;
  const pairs = decodePairs(bytes);
  if (pairs !== null) sink += encodePairs(pairs).byteLength;
}

function walkResp(v: RespValue, depth: i32): void {
  if (depth > 8) return;
  sink += v.integer() + v.string().length + (v.isError() ? 1 : 0) + (v.isNull() ? 1 : 0);
  const e = v.error();
  if (e !== null) sink += e.toString().length;
  const items = v.array();
  for (let i = 0; i < items.length && i < 8; i++) walkResp(items[i], depth + 1);
}

function onHttpAnswer(
  ctx: HttpContext,
  config: Config,
  status: i32,
  headers: Headers,
  body: ArrayBuffer,
  log: Log,
): void {
  sink += status + headers.length + headers.values(":status").length + (headers.has("x-a") ? 1 : 0);
  fuzzBytes(body);
  const h = headers.pairs;
  for (let i = 0; i < h.length && i < 8; i++) sink += proxywasm.addHttpRequestHeader(h[i][0], h[i][1]);
  proxywasm.resumeHttpRequest();
}

function onRedisAnswer(ctx: HttpContext, config: Config, response: RespValue, log: Log): void {
  walkResp(response, 0);
  proxywasm.resumeHttpRequest();
}

function onHttpRequestHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  const call = proxywasm.getHttpRequestHeader("x-call");
  if (call === "http" && config.http.get("/fuzz", null, onHttpAnswer) === null)
    return types.HeaderStopAllIterationAndWatermark;
  if (call === "redis" && config.redis.get("k", onRedisAnswer) === null)
    return types.HeaderStopAllIterationAndWatermark;
  sink += ctx.host().length + ctx.path().length + ctx.method().length + ctx.scheme().length + ctx.requestId().length;
  const headers = proxywasm.getHttpRequestHeaders();
  if (headers !== null) {
    for (let i = 0; i < headers.length && i < 16; i++) {
      const h = headers[i];
      sink += proxywasm.addHttpRequestHeader(h[0] + "-copy", h[1]);
      sink += proxywasm.replaceHttpRequestHeader(h[1], h[0]); // values as names: mostly invalid
    }
    sink += proxywasm.replaceHttpRequestHeaders(headers);
  }
  const json = proxywasm.getHttpRequestHeader("x-json");
  if (json !== null) walk(parseJson(json), 0);
  const resp = proxywasm.getHttpRequestHeader("x-resp");
  if (resp !== null) sink += showResp(parseResp(String.UTF8.encode(resp))).length;
  const pairs = proxywasm.getHttpRequestHeader("x-pairs");
  if (pairs !== null) {
    const decoded = decodePairs(String.UTF8.encode(pairs));
    if (decoded !== null) sink += proxywasm.replaceHttpRequestHeaders(decoded);
  }
  if (config.reply && headers !== null) {
    sink += proxywasm.sendHttpResponse(200, headers, json, -1);
  }
  return types.HeaderStopAllIterationAndWatermark;
}

function onHttpRequestBody(ctx: HttpContext, config: Config, body: ArrayBuffer, log: Log): DataAction {
  fuzzBytes(body);
  return types.DataContinue;
}

function onHttpResponseHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  const headers = proxywasm.getHttpResponseHeaders();
  if (headers !== null) sink += proxywasm.replaceHttpResponseHeaders(headers);
  return types.HeaderContinue;
}

setCtx<Config>("fuzz", [
  parseConfigBy<Config>(parseConfig),
  processRequestHeadersBy<Config>(onHttpRequestHeaders),
  processRequestBodyBy<Config>(onHttpRequestBody),
  processResponseHeadersBy<Config>(onHttpResponseHeaders),
]);
