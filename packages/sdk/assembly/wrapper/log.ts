// A leveled logger like Higress's `log.Log`: each line carries the plugin name, the plugin id
// (when Higress's console set `_plugin_id_`) and the request id (`x-request-id`, or `-` outside
// a request):
//
//   [my-plugin] [3f6c…] call redis error: timeout
import { LogLevel } from "../abi/enums";
import { log } from "../proxywasm/log";
import { pluginId, pluginName } from "./plugin-identity";
import { runningHttpContext } from "./running";

export class Log {
  /** Writes one line at `level`. */
  write(level: LogLevel, message: string): void {
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
