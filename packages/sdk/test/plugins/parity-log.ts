// Higress parity: withLogger (a Log subclass receives every line), enableSafeLog (unsafeInfo
// goes to debug), parseRawConfig (the configuration's bytes) and setCtxWithOptions.
export * from "@gatewasm/sdk/assembly/exports";
import {
  ConfigError,
  HeaderAction,
  HttpContext,
  Log,
  LogLevel,
  enableSafeLog,
  isSafeLogEnabled,
  parseRawConfig,
  processRequestHeadersBy,
  proxywasm,
  setCtxWithOptions,
  withLogger,
  types,
} from "@gatewasm/sdk";

class Config {
  raw: string = "";
}

/** Writes every line with its own prefix (and through the host, so tests see it). */
class TaggedLog extends Log {
  write(level: LogLevel, message: string): void {
    proxywasm.log(level, "tagged: " + message);
  }
}

function parseRaw(configBytes: ArrayBuffer, config: Config, log: Log): ConfigError | null {
  config.raw = String.UTF8.decode(configBytes);
  if (config.raw.indexOf('"reject"') >= 0) return new ConfigError("raw parser rejected the configuration");
  log.info("raw config " + config.raw);
  return null;
}

function onRequestHeaders(ctx: HttpContext, config: Config, log: Log): HeaderAction {
  log.infof("request %s safe=%s", [ctx.path(), isSafeLogEnabled() ? "1" : "0"]);
  log.unsafeInfo("token=abc");
  return types.HeaderContinue;
}

setCtxWithOptions<Config>("parity-log", [
  withLogger<Config>(new TaggedLog()),
  enableSafeLog<Config>(),
  parseRawConfig<Config>(parseRaw),
  processRequestHeadersBy<Config>(onRequestHeaders),
]);
