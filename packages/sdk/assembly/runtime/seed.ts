// `Math.random`'s seed without the host import AssemblyScript would add (env.seed, which Envoy
// does not provide): asconfig.base.json aliases it here with `--use seed=`.
import { proxy_get_current_time_nanoseconds } from "../abi/imports";
import { RETURN_EXTRA } from "../abi/memory";

/** Seed for `Math.random`, from the host clock (called once, at the first `Math.random`). */
export function gatewasm_seed(): f64 {
  proxy_get_current_time_nanoseconds(RETURN_EXTRA);
  return <f64>load<u64>(RETURN_EXTRA);
}
