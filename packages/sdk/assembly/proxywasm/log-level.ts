// The host's log level, so lines below it are neither formatted, encoded nor sent. Envoy can
// change the level at runtime (`/logging?wasm=debug`), so the answer is kept only until the
// next callback starts (enterCallback forgets it on every entry) and asked again on the first
// line or `enabled` check of a callback: one host call in a callback that logs, none in one
// that does not.
//
// `_initialize` and the allocator run restricted (the host traps any call but proxy_log), and
// a line logged there cannot know the level: until the first callback every line is sent and
// the host filters it, as before.
import { proxy_get_log_level } from "../abi/imports";
import { LogLevel, WasmResult } from "../abi/enums";
import { RETURN_EXTRA } from "../abi/memory";
import { LOG_LEVEL_NOT_IN_CALLBACK, Running } from "../state/runtime-state";

/**
 * The lowest level the host keeps (Trace when it cannot say).
 *
 *   if (proxywasm.getLogLevel() <= LogLevel.Debug) proxywasm.logDebug("headers: " + dump());
 */
export function getLogLevel(): LogLevel {
  let l = Running.logLevel;
  if (l >= 0) return <LogLevel>l;
  if (l == LOG_LEVEL_NOT_IN_CALLBACK) return LogLevel.Trace;
  store<u32>(RETURN_EXTRA, 0);
  l = proxy_get_log_level(RETURN_EXTRA) == WasmResult.Ok ? <i32>load<u32>(RETURN_EXTRA) : <i32>LogLevel.Trace;
  Running.logLevel = l;
  return <LogLevel>l;
}

/** True if a line at `l` would be kept by the host. */
// @ts-ignore: decorator
@inline export function logEnabled(l: LogLevel): bool { return l >= getLogLevel(); }
