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
import { runningHttpContext } from "./running";
import { formatLog } from "./log-format";
import { Registered } from "../state/runtime-state";

export class Log {
  /** True if a line at `level` would reach the host's log. */
  enabled(level: LogLevel): bool {
    return logEnabled(level);
  }

  /** Writes one line at `level`. */
  write(level: LogLevel, message: string): void {
    // A usize, not a Log local: a managed local costs a shadow-stack slot in every plugin.
    const delegate = Registered.logDelegate;
    if (delegate != 0 && delegate != changetype<usize>(this)) {
      changetype<Log>(delegate).write(level, message);
      return;
    }
    if (!logEnabled(level)) return;
    const ctx = runningHttpContext();
    let requestId = ctx !== null ? ctx.requestId() : "";
    if (requestId.length == 0) requestId = "-";
    const id = Registered.pluginId;
    const name = Registered.pluginName;
    const prefix = id.length != 0 ? "[" + name + "] [" + id + "] [" : "[" + name + "] [";
    log(level, prefix + requestId + "] " + message);
  }

  /**   log.trace("entering rule " + name); */
  trace(message: string): void {
    this.write(LogLevel.Trace, message);
  }
  debug(message: string): void {
    this.write(LogLevel.Debug, message);
  }
  /**   log.info("token refreshed"); */
  info(message: string): void {
    this.write(LogLevel.Info, message);
  }
  warn(message: string): void {
    this.write(LogLevel.Warn, message);
  }
  /**   log.error("http call failed, status: " + status.toString()); */
  error(message: string): void {
    this.write(LogLevel.Error, message);
  }
  critical(message: string): void {
    this.write(LogLevel.Critical, message);
  }

  // Go's …f variants: AssemblyScript has no varargs, so the arguments are a string array
  // (see ./log-format.ts). Nothing is formatted below the host's level.
  /**   log.infof("got %s in %d ms", [key, ms.toString()]); */
  tracef(format: string, args: string[]): void {
    if (logEnabled(LogLevel.Trace)) this.write(LogLevel.Trace, formatLog(format, args));
  }
  debugf(format: string, args: string[]): void {
    if (logEnabled(LogLevel.Debug)) this.write(LogLevel.Debug, formatLog(format, args));
  }
  infof(format: string, args: string[]): void {
    if (logEnabled(LogLevel.Info)) this.write(LogLevel.Info, formatLog(format, args));
  }
  warnf(format: string, args: string[]): void {
    if (logEnabled(LogLevel.Warn)) this.write(LogLevel.Warn, formatLog(format, args));
  }
  errorf(format: string, args: string[]): void {
    if (logEnabled(LogLevel.Error)) this.write(LogLevel.Error, formatLog(format, args));
  }
  criticalf(format: string, args: string[]): void {
    if (logEnabled(LogLevel.Critical)) this.write(LogLevel.Critical, formatLog(format, args));
  }

  /**
   * Go's log.UnsafeInfo: a line that may carry sensitive data (headers, bodies). With
   * enableSafeLog it goes to debug instead, after a newline, so line-based collectors never
   * keep it whole (as Higress does).
   */
  unsafeInfo(message: string): void {
    if (Registered.safeLog) this.write(LogLevel.Debug, "\n" + message);
    else this.write(LogLevel.Info, message);
  }
  unsafeInfof(format: string, args: string[]): void {
    if (Registered.safeLog) this.debugf("\n" + format, args);
    else this.infof(format, args);
  }

  /** Go's Log.ResetID: the plugin id written into every line (the wrapper sets it from `_plugin_id_`). */
  resetID(pluginId: string): void {
    Registered.pluginId = pluginId;
  }
}

/** The plugin's logger (the one every callback receives). */
export const pluginLog: Log = new Log();

/**
 * withLogger: the plugin's logger hands every line to `log`. Written only by that option, so in
 * plugins that do not pass it the optimizer removes the check in write.
 */
export function setLogDelegate(log: Log): void {
  Registered.logDelegateRef = log; // the address below is not traced by the GC
  Registered.logDelegate = changetype<usize>(log);
}
