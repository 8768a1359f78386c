// A plugin that reads its config strictly: `allowKeys` refuses unknown keys (naming a close
// one), typed getters name the type they wanted, and long lists are read in one pass. Every
// request is answered with a summary of what was read.
export * from "@gatewasm/sdk/assembly/exports";
import {
  ConfigError,
  HeaderAction,
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
  timeout: i64 = 500;
  tokenHeader: string = "";
  items: i64 = 0;
  sum: i64 = 0;
  names: string = "";
}

function parseConfig(json: JsonValue, config: Config, log: Log): ConfigError | null {
  const keyError = json.allowKeys("timeout,tokenHeader,items,headers");
  if (keyError !== null) return keyError;
  config.timeout = json.member("timeout").int(500);
  config.tokenHeader = json.member("tokenHeader").string();
  const items = json.member("items").array();
  config.items = items.length;
  for (let i = 0; i < items.length; i++) config.sum += unchecked(items[i]).int();
  const headers = json.member("headers");
  const names = headers.keys();
  const values = headers.members();
  for (let i = 0; i < names.length; i++)
    config.names += unchecked(names[i]) + "=" + unchecked(values[i]).string() + ";";
  return null;
}

function onHttpRequestHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  const summary =
    "timeout=" +
    config.timeout.toString() +
    ";tokenHeader=" +
    config.tokenHeader +
    ";items=" +
    config.items.toString() +
    ";sum=" +
    config.sum.toString() +
    ";headers=" +
    config.names;
  proxywasm.sendHttpResponse(200, null, summary, -1);
  return types.HeaderContinue;
}

setCtx<Config>("strict-config", [
  parseConfigBy<Config>(parseConfig),
  processRequestHeadersBy<Config>(onHttpRequestHeaders),
]);
