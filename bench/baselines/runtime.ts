// AssemblyScript's own imports (env.abort, env.trace) replaced, as the SDK does for plugins:
// Envoy does not load a module that imports them. Wired by `use` in asconfig.json.
import { proxy_log } from "./abi";

const CRITICAL: u32 = 5;

export function baseline_abort(
  message: string | null = null,
  fileName: string | null = null,
  line: u32 = 0,
  column: u32 = 0,
): void {
  if (message !== null) {
    const text = String.UTF8.encode(message);
    proxy_log(CRITICAL, changetype<usize>(text), text.byteLength);
  }
  unreachable();
}

export function baseline_trace(
  message: string,
  n: i32 = 0,
  a0: f64 = 0,
  a1: f64 = 0,
  a2: f64 = 0,
  a3: f64 = 0,
  a4: f64 = 0,
): void {}
