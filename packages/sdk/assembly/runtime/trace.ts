// `trace()` without the host import AssemblyScript would add (env.trace, which Envoy does not
// provide): asconfig.base.json aliases it here with `--use trace=`.
import { proxy_log } from "../abi/imports";
import { LogLevel } from "../abi/enums";
import { utf8 } from "../abi/memory";

/** `trace()` goes to the host log at trace level. */
export function gatewasm_trace(
  message: string,
  n: i32 = 0,
  a0: f64 = 0,
  a1: f64 = 0,
  a2: f64 = 0,
  a3: f64 = 0,
  a4: f64 = 0,
): void {
  let text = "trace: " + message;
  if (n > 0) text += " " + a0.toString();
  if (n > 1) text += ", " + a1.toString();
  if (n > 2) text += ", " + a2.toString();
  if (n > 3) text += ", " + a3.toString();
  if (n > 4) text += ", " + a4.toString();
  const bytes = utf8(text);
  proxy_log(LogLevel.Trace, changetype<usize>(bytes), bytes.byteLength);
}
