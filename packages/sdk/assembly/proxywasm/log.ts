// Logging through the host (`proxy_log`). Envoy prints these under the `wasm` component.
// A line below the host's level is dropped before it is encoded (./log-level.ts); the message
// itself is built by the caller, so guard costly ones:
//
//   if (proxywasm.logEnabled(LogLevel.Debug)) proxywasm.logDebug("pairs: " + describe(pairs));
import { proxy_log } from "../abi/imports";
import { LogLevel } from "../abi/enums";
import { encodeScratch, releaseScratch, scratchA, scratchALength } from "../abi/scratch";
import { logEnabled } from "./log-level";

export { getLogLevel, logEnabled } from "./log-level";

/** Writes one line to the host log at `level`. */
export function log(level: LogLevel, message: string): void {
  if (!logEnabled(level)) return;
  encodeScratch(message);
  proxy_log(level, scratchA, scratchALength);
  releaseScratch();
}

export function logTrace(message: string): void {
  log(LogLevel.Trace, message);
}
export function logDebug(message: string): void {
  log(LogLevel.Debug, message);
}
export function logInfo(message: string): void {
  log(LogLevel.Info, message);
}
export function logWarn(message: string): void {
  log(LogLevel.Warn, message);
}
export function logError(message: string): void {
  log(LogLevel.Error, message);
}
export function logCritical(message: string): void {
  log(LogLevel.Critical, message);
}
