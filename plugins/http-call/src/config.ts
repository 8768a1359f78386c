// The plugin's configuration: the seed's four keys (serviceName, servicePort, requestPath,
// tokenHeader) and what makes it safe to run: timeout, failurePolicy, method, forwardHeaders,
// cacheTtl. The same reader parses the global config and each `_rules_` entry; a rule starts
// from a copy of the global config, so every key falls back to the value already there.
import {
  asciiLower,
  ConfigError,
  FQDNCluster,
  HttpClient,
  JsonValue,
  Log,
  newClusterClient,
  proxywasm,
} from "@gatewasm/sdk";
import { TokenCache } from "./token-cache";
import { metrics } from "./metrics";

export const DEFAULT_TIMEOUT_MS: i64 = 500;
const MAX_TIMEOUT_MS: i64 = 60_000;
const MAX_CACHE_TTL_MS: i64 = 86_400_000;
const METHODS: string[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

export class HttpCallConfig {
  client: HttpClient<HttpCallConfig> | null = null;
  serviceName: string = "";
  servicePort: i64 = 0;
  requestPath: string = "";
  tokenHeader: string = "";
  timeoutMs: i64 = DEFAULT_TIMEOUT_MS;
  /** fail-closed (the seed): answer 500; fail-open: let the request through without a token. */
  failOpen: bool = false;
  method: string = "GET";
  /** Lower-case names of request headers copied into the call. */
  forwardHeaders: string[] = [];
  cacheTtlMs: i64 = 0;
  /** Per VM and per config: a reconfigure or another rule starts empty. */
  cache: TokenCache = new TokenCache();
}

// The keys, types, enums and ranges are spec.yaml's; test/unit/spec-schema.test.ts drives this
// build with the schema's cases, so the two cannot drift.
const KEYS = "serviceName,servicePort,requestPath,tokenHeader,timeout,failurePolicy,method,forwardHeaders,cacheTtl";

/** Higress's registry suffixes: the cluster `outbound|port||name` exists only for these. */
const SERVICE_SUFFIXES = [".static", ".dns", ".svc.cluster.local", ".nacos", ".nacos-ext", ".consul", ".eureka"];

/**
 * Sets the keys present in `json` on `config`: the defaults for the global configuration, a
 * copy of the global config for a `_rules_` entry (parseConfigWithRulesBy).
 */
export function parseConfig(json: JsonValue, config: HttpCallConfig, log: Log): ConfigError | null {
  metrics(); // defined now, so they read 0 before the first request
  if (!json.isObject()) return json.expected("an object");
  const keyError = json.allowKeys(KEYS);
  if (keyError !== null) return keyError;
  // Every value is read (and its type checked) first, so a wrong type is reported as such.
  config.tokenHeader = json.member("tokenHeader").string(config.tokenHeader);
  config.requestPath = json.member("requestPath").string(config.requestPath);
  config.serviceName = json.member("serviceName").string(config.serviceName);
  config.servicePort = json.member("servicePort").int(config.servicePort);
  config.timeoutMs = json.member("timeout").int(config.timeoutMs);
  const policy = json.member("failurePolicy").string(config.failOpen ? "fail-open" : "fail-closed");
  config.method = json.member("method").string(config.method);
  const forward = json.member("forwardHeaders");
  const names = forward.stringArray();
  config.cacheTtlMs = json.member("cacheTtl").int(config.cacheTtlMs);
  if (json.firstError() !== null) return json.firstError();

  // The seed's messages for its three required keys, word for word (in a rule, after the rule's path).
  if (config.tokenHeader == "") return new ConfigError("missing tokenHeader in config", json.path);
  if (!proxywasm.isValidHeaderName(config.tokenHeader) || config.tokenHeader.charCodeAt(0) == 0x3a) {
    return json.member("tokenHeader").expected("a header name (letters, digits and !#$%&'*+-.^_`|~, no leading ':')");
  }
  if (config.requestPath == "") return new ConfigError("missing requestPath in config", json.path);
  if (config.requestPath.charCodeAt(0) != 0x2f || !isPrintableAscii(config.requestPath)) {
    return json
      .member("requestPath")
      .invalid("expected a path starting with / such as /token, in printable ASCII without spaces");
  }
  if (config.serviceName == "") {
    return new ConfigError(
      "missing serviceName in config (e.g. token.static, auth.dns, auth.default.svc.cluster.local)",
      json.path,
    );
  }
  if (!isServiceName(config.serviceName)) {
    return json
      .member("serviceName")
      .invalid(
        "expected a service name with its type suffix (" +
          SERVICE_SUFFIXES.join(", ") +
          "), of letters, digits, '.', '-' and '_'",
      );
  }
  // The seed's rule: only static-IP services have a known logical port.
  if (config.servicePort == 0 && config.serviceName.endsWith(".static")) config.servicePort = 80;
  if (config.servicePort < 1 || config.servicePort > 65535) {
    return json.member("servicePort").expected("a port between 1 and 65535 (only .static services default to 80)");
  }
  // 0 would mean "no timeout" to Envoy: a hung token service would hold every request.
  if (config.timeoutMs < 1 || config.timeoutMs > MAX_TIMEOUT_MS) {
    return json.member("timeout").expected("milliseconds between 1 and 60000");
  }
  if (policy == "fail-open") config.failOpen = true;
  else if (policy == "fail-closed") config.failOpen = false;
  else return json.member("failurePolicy").expected('"fail-closed" or "fail-open"');
  if (!METHODS.includes(config.method)) return json.member("method").expected("one of " + METHODS.join(", "));

  if (forward.exists() && !forward.isNull()) {
    for (let i = 0; i < names.length; i++) {
      const name = asciiLower(unchecked(names[i]));
      if (!proxywasm.isValidHeaderName(name) || name.charCodeAt(0) == 0x3a) {
        return forward.at(i).expected("a header name (no leading ':')");
      }
      names[i] = name;
    }
    config.forwardHeaders = names;
  }

  if (config.cacheTtlMs < 0 || config.cacheTtlMs > MAX_CACHE_TTL_MS) {
    return json.member("cacheTtl").expected("milliseconds between 0 (no cache) and 86400000");
  }
  // A token fetched with one caller's headers must never be handed to another caller.
  if (config.cacheTtlMs > 0 && config.forwardHeaders.length > 0) {
    return json
      .member("cacheTtl")
      .invalid("cannot be combined with forwardHeaders: a cached token would be shared between callers");
  }

  config.client = newClusterClient<HttpCallConfig>(new FQDNCluster(config.serviceName, config.servicePort));
  config.cache = new TokenCache();
  return null;
}

/** A name of letters, digits, '.', '-', '_' ending in a registry suffix (no CR/LF or '|'). */
function isServiceName(s: string): bool {
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    const lower = c | 0x20;
    if (!((lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2e || c == 0x2d || c == 0x5f))
      return false;
  }
  for (let i = 0; i < SERVICE_SUFFIXES.length; i++) {
    const suffix = unchecked(SERVICE_SUFFIXES[i]);
    if (s.length > suffix.length && s.endsWith(suffix)) return true;
  }
  return false;
}

/** Visible ASCII only: the HttpClient would refuse the URL on every request otherwise. */
function isPrintableAscii(s: string): bool {
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}
