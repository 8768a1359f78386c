// The wrapper's configuration handling: typed getters with defaults, required fields, errors
// that name the JSON path, custom errors, `_rules_` with parseOverrideConfigBy, `_plugin_id_`.
// Every request is answered with a description of the config that matched it.
export * from "@gatewasm/sdk/assembly/exports";
import {
  ConfigError,
  HeaderAction,
  HttpContext,
  JsonValue,
  Log,
  parseOverrideConfigBy,
  processRequestHeadersBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";

class Config {
  name: string = "default";
  enabled: bool = false;
  limit: i64 = 10;
  ratio: f64 = 0.5;
  tags: string[] = [];
  redisTimeout: i64 = 1000;
  dotted: string = "";
  keys: string[] = [];
  origin: string = "global";
}

function parseConfig(json: JsonValue, config: Config, log: Log): ConfigError | null {
  if (json.get("strict").bool()) json.require("name");
  config.name = json.get("name").string("default");
  config.enabled = json.get("enabled").bool();
  config.limit = json.get("limit").int(10);
  config.ratio = json.get("ratio").float(0.5);
  config.tags = json.get("tags").stringArray();
  config.redisTimeout = json.get("redis.timeout").int(1000);
  config.dotted = json.get("a\\.b").string();
  config.keys = json.get("object").keys();
  if (config.limit < 0) return json.get("limit").expected("a non-negative integer");
  if (config.name == "fail") return new ConfigError("name must not be fail");
  return null;
}

// A rule starts as a copy of the global config; it overrides what it sets.
function parseRuleConfig(json: JsonValue, global: Config, config: Config, log: Log): ConfigError | null {
  if (json.get("name").exists()) config.name = json.get("name").string();
  if (json.get("limit").exists()) config.limit = json.get("limit").int();
  if (config.limit < 0) return json.get("limit").expected("a non-negative integer");
  config.origin = "rule(global=" + global.name + ")";
  return null;
}

function describe(c: Config): string {
  return (
    "name=" +
    c.name +
    ";enabled=" +
    (c.enabled ? "true" : "false") +
    ";limit=" +
    c.limit.toString() +
    ";ratio=" +
    c.ratio.toString() +
    ";tags=" +
    c.tags.join("|") +
    ";redis.timeout=" +
    c.redisTimeout.toString() +
    ";dotted=" +
    c.dotted +
    ";keys=" +
    c.keys.join("|") +
    ";origin=" +
    c.origin
  );
}

function onHttpRequestHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  log.info("matched " + config.name);
  proxywasm.sendHttpResponse(200, null, describe(config), -1);
  return types.HeaderContinue;
}

setCtx<Config>("wrapper-config", [
  parseOverrideConfigBy<Config>(parseConfig, parseRuleConfig),
  processRequestHeadersBy<Config>(onHttpRequestHeaders),
]);
