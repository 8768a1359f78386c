// `_rules_` with plain parseConfigBy: a rule's config starts from defaults (no inheritance).
export * from "@gatewasm/sdk/assembly/exports";
import {
  ConfigError,
  HttpContext,
  JsonValue,
  Log,
  parseConfigBy,
  processRequestHeadersBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";

class Config {
  name: string = "default";
  limit: i64 = 10;
}

function parseConfig(json: JsonValue, config: Config, log: Log): ConfigError | null {
  config.name = json.get("name").string("default");
  config.limit = json.get("limit").int(10);
  return null;
}

function onHttpRequestHeaders(ctx: HttpContext, config: Config, log: Log): i32 {
  proxywasm.sendHttpResponse(200, null, config.name + ":" + config.limit.toString(), -1);
  return types.HeaderContinue;
}

setCtx<Config>("wrapper-plain-rules", [
  parseConfigBy<Config>(parseConfig),
  processRequestHeadersBy<Config>(onHttpRequestHeaders),
]);
