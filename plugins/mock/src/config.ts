// The mock plugin's configuration. The seed's one key (`mockEnable`) keeps its meaning; the
// others make the seed's fixed `hello: world` header and `200 hello world` reply configurable,
// in the spirit of Higress's custom-response plugin. Every key is optional, so the seed's
// configs (`{}`, `{"mockEnable": false}`, `{"mockEnable": true}`) work unchanged.
//
// The same reader serves the global config and each `_rules_` entry: a rule starts as a copy
// of the global config and overrides only the keys it sets. Each check returns its own error
// (not the document's first one: with `_rules_`, a failed global config is dropped and the
// rules are still read from the same document).
import { ConfigError, JsonValue, Log, LogLevel } from "@gatewasm/sdk";
import { compactJson } from "./compact-json";
import { inferContentType } from "./content-type";
import { readHeaderList } from "./header-list";

export class MockConfig {
  /** Answer locally with the mock reply; the upstream is never reached. */
  mockEnable: bool = false;
  /** Added to every request that goes upstream (the seed's `hello: world`). */
  requestHeaders: Array<string[]> = [["hello", "world"]];
  mockStatusCode: i32 = 200;
  /** As configured; `replyHeaders` adds the inferred content-type. */
  mockHeaders: Array<string[]> = [];
  mockBody: string = "hello world";
  // Derived once per configuration, so a request costs only the host call.
  replyHeaders: Array<string[]> = [];
  replyBody: ArrayBuffer = new ArrayBuffer(0);
}

// A misspelt key (`mockEnabled`) would otherwise be ignored and the plugin silently do the
// default. The keys, types and ranges here are spec.yaml's; test/unit/spec-schema.test.ts
// drives this build with the schema's cases, so the two cannot drift.
const KEYS = "mockEnable,requestHeaders,mockStatusCode,mockHeaders,mockBody";

// Headers the gateway owns on a request going upstream: a second Host makes the upstream see
// two, a content-length or transfer-encoding would contradict the real body (every GET then
// hangs until a timeout), and hop-by-hop headers belong to one connection.
const GATEWAY_REQUEST_HEADERS = [
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "upgrade",
];

function hasHeader(headers: Array<string[]>, name: string): bool {
  for (let i = 0; i < headers.length; i++) if (unchecked(headers[i])[0] == name) return true;
  return false;
}

/**
 * Sets the keys present in `json` on `config`: the defaults for the global configuration, a
 * copy of the global config for a `_rules_` entry (parseConfigWithRulesBy).
 */
export function parseConfig(json: JsonValue, config: MockConfig, log: Log): ConfigError | null {
  if (!json.isObject()) return json.expected("an object");
  const keyError = json.allowKeys(KEYS);
  if (keyError !== null) return keyError;

  const enable = json.member("mockEnable");
  if (!enable.isNull() && enable.exists()) {
    if (!enable.isBool()) return enable.expected("a boolean (true or false)");
    config.mockEnable = enable.bool();
  }

  const requestHeaders = json.member("requestHeaders");
  if (requestHeaders.exists()) {
    // A new array, never the global config's: a rule shares the global's arrays until it assigns.
    const list = new Array<string[]>();
    const error = readHeaderList(
      requestHeaders,
      list,
      GATEWAY_REQUEST_HEADERS,
      "is set by the gateway (host, framing and hop-by-hop headers cannot be added to a request)",
    );
    if (error !== null) return error;
    config.requestHeaders = list;
  }

  const status = json.member("mockStatusCode");
  if (!status.isNull() && status.exists()) {
    const code = status.isNumber() ? status.float() : 0;
    // 1xx cannot end a response, so Envoy would not send it as a reply.
    if (code != Math.floor(code) || code < 200 || code > 599)
      return status.invalid("expected an HTTP status from 200 to 599, found " + status.raw());
    config.mockStatusCode = <i32>code;
  }

  const headers = json.member("mockHeaders");
  if (headers.exists()) {
    const list = new Array<string[]>();
    const error = readHeaderList(headers, list, ["content-length"], "is set by the gateway from mockBody; remove it");
    if (error !== null) return error;
    config.mockHeaders = list;
  }

  const body = json.member("mockBody");
  if (body.isString()) config.mockBody = body.string();
  // An object or array is sent as JSON, so YAML configs can write a JSON body inline.
  else if (body.isObject() || body.isArray()) config.mockBody = compactJson(body.raw());
  else if (body.isNull()) config.mockBody = "";
  else if (body.exists()) return body.expected("a string, an object or an array");

  const reply = config.mockHeaders.slice(0);
  const contentType = inferContentType(config.mockBody);
  if (contentType.length != 0 && !hasHeader(reply, "content-type")) reply.push(["content-type", contentType]);
  config.replyHeaders = reply;
  config.replyBody = String.UTF8.encode(config.mockBody);
  // Behind `enabled`: with thousands of rules the line would cost more than the rule itself.
  if (config.mockEnable && log.enabled(LogLevel.Debug))
    log.debug(
      "mock reply " + config.mockStatusCode.toString() + ", " + config.replyBody.byteLength.toString() + " bytes",
    );
  return null;
}
