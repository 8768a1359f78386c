// The plugin's configuration: the seed's four keys (serviceName, servicePort, requestPath,
// tokenHeader) and what makes it safe to run: timeout, failurePolicy, method, forwardHeaders,
// cacheTtl. The same reader parses the global config and each `_rules_` entry; a rule starts
// from a copy of the global config, so every key falls back to the value already there.
import { ConfigError, FQDNCluster, HttpClient, JsonValue, Log, newClusterClient, proxywasm } from "@gatewasm/sdk";
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

/** parseConfig for the global configuration. */
export function parseConfig(json: JsonValue, config: HttpCallConfig, log: Log): ConfigError | null {
  return readConfig(json, config);
}

/** parseOverrideConfig for a `_rules_` entry: `config` is a copy of the global one. */
export function parseRuleConfig(json: JsonValue, global: HttpCallConfig, config: HttpCallConfig, log: Log): ConfigError | null {
  return readConfig(json, config);
}

function readConfig(json: JsonValue, config: HttpCallConfig): ConfigError | null {
  metrics(); // defined now, so they read 0 before the first request
  // The seed's messages for its two required keys, word for word (in a rule, after the rule's path).
  config.tokenHeader = json.get("tokenHeader").string(config.tokenHeader);
  if (config.tokenHeader == "") return new ConfigError("missing tokenHeader in config", json.path);
  if (!proxywasm.isValidHeaderName(config.tokenHeader) || config.tokenHeader.charCodeAt(0) == 0x3a) {
    return json.get("tokenHeader").expected("a header name (letters, digits and !#$%&'*+-.^_`|~, no leading ':')");
  }
  config.requestPath = json.get("requestPath").string(config.requestPath);
  if (config.requestPath == "") return new ConfigError("missing requestPath in config", json.path);
  if (!isPrintable(config.requestPath)) {
    return json.get("requestPath").expected("a path such as /token, without spaces or control characters");
  }

  config.serviceName = json.get("serviceName").string(config.serviceName);
  if (config.serviceName == "") {
    return new ConfigError("missing serviceName in config (e.g. token.static, auth.dns, auth.default.svc.cluster.local)", json.path);
  }
  config.servicePort = json.get("servicePort").int(config.servicePort);
  // The seed's rule: only static-IP services have a known logical port.
  if (config.servicePort == 0 && config.serviceName.endsWith(".static")) config.servicePort = 80;
  if (config.servicePort < 1 || config.servicePort > 65535) {
    return json.get("servicePort").expected("a port between 1 and 65535 (only .static services default to 80)");
  }

  config.timeoutMs = json.get("timeout").int(config.timeoutMs);
  // 0 would mean "no timeout" to Envoy: a hung token service would hold every request.
  if (config.timeoutMs < 1 || config.timeoutMs > MAX_TIMEOUT_MS) {
    return json.get("timeout").expected("milliseconds between 1 and 60000");
  }

  const policy = json.get("failurePolicy");
  if (policy.exists() && !policy.isNull()) {
    const p = policy.string();
    if (p == "fail-open") config.failOpen = true;
    else if (p == "fail-closed") config.failOpen = false;
    else return policy.expected("\"fail-closed\" or \"fail-open\"");
  }

  config.method = json.get("method").string(config.method);
  if (!METHODS.includes(config.method)) return json.get("method").expected("one of " + METHODS.join(", "));

  const forward = json.get("forwardHeaders");
  if (forward.exists() && !forward.isNull()) {
    const names = forward.stringArray();
    for (let i = 0; i < names.length; i++) {
      const name = asciiLower(unchecked(names[i]));
      if (!proxywasm.isValidHeaderName(name) || name.charCodeAt(0) == 0x3a) {
        return forward.at(i).expected("a header name (no leading ':')");
      }
      names[i] = name;
    }
    config.forwardHeaders = names;
  }

  config.cacheTtlMs = json.get("cacheTtl").int(config.cacheTtlMs);
  if (config.cacheTtlMs < 0 || config.cacheTtlMs > MAX_CACHE_TTL_MS) {
    return json.get("cacheTtl").expected("milliseconds between 0 (no cache) and 86400000");
  }
  // A token fetched with one caller's headers must never be handed to another caller.
  if (config.cacheTtlMs > 0 && config.forwardHeaders.length > 0) {
    return json.get("cacheTtl").invalid("cannot be combined with forwardHeaders: a cached token would be shared between callers");
  }

  if (json.firstError() !== null) return json.firstError();
  config.client = newClusterClient<HttpCallConfig>(new FQDNCluster(config.serviceName, config.servicePort));
  config.cache = new TokenCache();
  return null;
}

/** No spaces or control characters: the HttpClient would refuse the URL on every request. */
function isPrintable(s: string): bool {
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

// Envoy keeps header names in lower case; String#toLowerCase would pull in Unicode tables.
function asciiLower(s: string): string {
  let out = "";
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    out += String.fromCharCode(c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  }
  return out;
}
