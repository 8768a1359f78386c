// This folder replaces the four functions AssemblyScript would otherwise import from the host
// (env.abort, env.trace, env.seed, env.Date.now), one file each. Envoy provides none of them,
// so a module importing one does not load at all. asconfig.base.json aliases them with `--use`.
//
// `abort()` here: aliased with `--use abort=`.
import { LogLevel } from "../abi/enums";
import { logLine } from "../proxywasm/log-line";

/**
 * `abort()` and failed assertions: log at critical, then trap. A trap fails the VM (Envoy
 * answers 503 or skips the filter under fail_open), which is the only safe outcome once the
 * module's state is broken; the SDK itself never aborts on bad input.
 * Every parameter has a default so user code can call `abort("why")`. The line is composed in
 * static memory: abort may run when the heap is broken. File, line and column are left out:
 * release builds drop assertions, and std aborts point into ~lib.
 */
export function gatewasm_abort(
  message: string | null = null,
  fileName: string | null = null,
  line: u32 = 0,
  column: u32 = 0,
): void {
  logLine(LogLevel.Critical, "abort: ", message);
  unreachable();
}
