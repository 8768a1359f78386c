// A leveled logger whose lines carry the plugin name, like Higress's `[plugin-name] message`.
// A module registers exactly one plugin (setCtx), so the name is module state, not a field.
import { LogLevel } from "../abi/enums";
import { log } from "../proxywasm/log";

let pluginName: string = "";

/** Set once by setCtx. */
export function setLogPluginName(name: string): void { pluginName = name; }

export class Log {
  private write(level: LogLevel, message: string): void {
    log(level, "[" + pluginName + "] " + message);
  }

  trace(message: string): void { this.write(LogLevel.Trace, message); }
  debug(message: string): void { this.write(LogLevel.Debug, message); }
  info(message: string): void { this.write(LogLevel.Info, message); }
  warn(message: string): void { this.write(LogLevel.Warn, message); }
  error(message: string): void { this.write(LogLevel.Error, message); }
  critical(message: string): void { this.write(LogLevel.Critical, message); }
}
