// The host clock and the root context's timer. `Date.now()` also reads the host clock (the
// SDK's asconfig replaces Date), so both agree.
import { proxy_get_current_time_nanoseconds, proxy_set_tick_period_milliseconds } from "../abi/imports";
import { WasmResult } from "../abi/enums";
import { RETURN_EXTRA } from "../abi/memory";

/** Wall-clock time in nanoseconds since the Unix epoch. */
export function getCurrentTimeNanoseconds(): i64 {
  store<i64>(RETURN_EXTRA, 0);
  proxy_get_current_time_nanoseconds(RETURN_EXTRA);
  return load<i64>(RETURN_EXTRA);
}

/** Wall-clock time in milliseconds since the Unix epoch. */
export function getCurrentTimeMilliseconds(): i64 {
  return getCurrentTimeNanoseconds() / 1_000_000;
}

/**
 * Fires the root's tick every `millis` ms (0 stops it). Plugins on the wrapper use
 * registerTickFunc, which sets this for them.
 */
export function setTickPeriodMilliseconds(millis: u32): WasmResult {
  return <WasmResult>proxy_set_tick_period_milliseconds(millis);
}
