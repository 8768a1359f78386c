// Logging through the host (`proxy_log`). Envoy prints these under the `wasm` component.
import { proxy_log } from "../abi/imports";
import { LogLevel } from "../abi/enums";
import { utf8 } from "../abi/memory";

/** Writes one line to the host log at `level`. */
export function log(level: LogLevel, message: string): void {
  const bytes = utf8(message);
  proxy_log(level, changetype<usize>(bytes), bytes.byteLength);
}

export function logTrace(message: string): void { log(LogLevel.Trace, message); }
export function logDebug(message: string): void { log(LogLevel.Debug, message); }
export function logInfo(message: string): void { log(LogLevel.Info, message); }
export function logWarn(message: string): void { log(LogLevel.Warn, message); }
export function logError(message: string): void { log(LogLevel.Error, message); }
export function logCritical(message: string): void { log(LogLevel.Critical, message); }
