// A leveled logger like Higress's `log.Log`: each line carries the plugin name, the plugin id
// (when Higress's console set `_plugin_id_`) and the request id (`x-request-id`, or `-` outside
// a request):
//
//   [my-plugin] [3f6c…] call redis error: timeout
//
// A line below the host's level costs one comparison (and one host call per callback to learn
// the level): nothing is formatted or sent. The message is still built by the caller, so a
// costly one belongs behind `enabled`:
//
//   if (log.enabled(LogLevel.Debug)) log.debug("token for " + ctx.host() + ": " + token);
import { LogLevel } from "../abi/enums";
import { log } from "../proxywasm/log";
import { logEnabled } from "../proxywasm/log-level";
import { pluginId, pluginName } from "./plugin-identity";
import { runningHttpContext } from "./running";

export class Log {
  /** True if a line at `level` would reach the host's log. */
  enabled(level: LogLevel): bool { return logEnabled(level); }

  /** Writes one line at `level`. */
  write(level: LogLevel, message: string): void {
    if (!logEnabled(level)) return;
    const ctx = runningHttpContext();
    let requestId = ctx !== null ? ctx.requestId() : "";
    if (requestId.length == 0) requestId = "-";
    const id = pluginId();
    const prefix = id.length != 0 ? "[" + pluginName() + "] [" + id + "] [" : "[" + pluginName() + "] [";
    log(level, prefix + requestId + "] " + message);
  }

  /**   log.trace("entering rule " + name); */
  trace(message: string): void { this.write(LogLevel.Trace, message); }
  debug(message: string): void { this.write(LogLevel.Debug, message); }
  /**   log.info("token refreshed"); */
  info(message: string): void { this.write(LogLevel.Info, message); }
  warn(message: string): void { this.write(LogLevel.Warn, message); }
  /**   log.error("http call failed, status: " + status.toString()); */
  error(message: string): void { this.write(LogLevel.Error, message); }
  critical(message: string): void { this.write(LogLevel.Critical, message); }
}

/** The plugin's logger (the one every callback receives). */
export const pluginLog: Log = new Log();
