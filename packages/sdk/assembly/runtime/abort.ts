// Replacements for the four functions AssemblyScript would otherwise import from the host
// (env.abort, env.trace, env.seed, env.Date.now). Envoy provides none of them, so a module
// importing one does not load at all. The shared asconfig aliases them with `--use`.
import { proxy_get_current_time_nanoseconds, proxy_log } from "../abi/imports";
import { LogLevel } from "../abi/enums";
import { RETURN_EXTRA, utf8 } from "../abi/memory";
import { logLine } from "../proxywasm/log-line";
import { Date as StdDate } from "date";

/**
 * `abort()` and failed assertions: log at critical, then trap. A trap fails the VM (Envoy
 * answers 503 or skips the filter under fail_open), which is the only safe outcome once the
 * module's state is broken; the SDK itself never aborts on bad input.
 * Every parameter has a default so user code can call `abort("why")`. The line is composed in
 * static memory: abort may run when the heap is broken. File, line and column are left out:
 * release builds drop assertions, and std aborts point into ~lib.
 */
export function gatewasm_abort(message: string | null = null, fileName: string | null = null, line: u32 = 0, column: u32 = 0): void {
  logLine(LogLevel.Critical, "abort: ", message);
  unreachable();
}

/** `trace()` goes to the host log at trace level. */
export function gatewasm_trace(message: string, n: i32 = 0, a0: f64 = 0, a1: f64 = 0, a2: f64 = 0, a3: f64 = 0, a4: f64 = 0): void {
  let text = "trace: " + message;
  if (n > 0) text += " " + a0.toString();
  if (n > 1) text += ", " + a1.toString();
  if (n > 2) text += ", " + a2.toString();
  if (n > 3) text += ", " + a3.toString();
  if (n > 4) text += ", " + a4.toString();
  const bytes = utf8(text);
  proxy_log(LogLevel.Trace, changetype<usize>(bytes), bytes.byteLength);
}

/** Seed for `Math.random`, from the host clock (called once, at the first `Math.random`). */
export function gatewasm_seed(): f64 {
  proxy_get_current_time_nanoseconds(RETURN_EXTRA);
  return <f64>load<u64>(RETURN_EXTRA);
}

/** `Date` with `Date.now()` read from the host clock; everything else is the standard Date. */
export class HostDate extends StdDate {
  static now(): i64 {
    proxy_get_current_time_nanoseconds(RETURN_EXTRA);
    return load<i64>(RETURN_EXTRA) / 1_000_000;
  }
}
