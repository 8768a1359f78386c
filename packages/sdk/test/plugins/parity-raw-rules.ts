// Higress parity: parseOverrideRawConfig (raw bytes for the global configuration and for each
// `_rules_` entry, over a copy of the global config).
export * from "@gatewasm/sdk/assembly/exports";
import {
  ConfigError,
  HeaderAction,
  HttpContext,
  Log,
  parseOverrideRawConfig,
  processRequestHeadersBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";

class Config {
  global: string = "";
  rule: string = "";
}

function parseGlobal(configBytes: ArrayBuffer, config: Config, log: Log): ConfigError | null {
  config.global = String.UTF8.decode(configBytes);
  return null;
}

function parseRule(configBytes: ArrayBuffer, global: Config, config: Config, log: Log): ConfigError | null {
  config.rule = String.UTF8.decode(configBytes);
  return null;
}

function onRequestHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  proxywasm.sendHttpResponse(200, null, "global=" + config.global + "\nrule=" + config.rule, -1);
  return types.HeaderContinue;
}

setCtx<Config>("parity-raw-rules", [
  parseOverrideRawConfig<Config>(parseGlobal, parseRule),
  processRequestHeadersBy<Config>(onRequestHeaders),
]);
