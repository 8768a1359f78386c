// proxy_get_current_time_nanoseconds (wall clock, Envoy TimeSource::systemTime) and
// proxy_set_tick_period_milliseconds (cpp-host ContextBase::setTimerPeriod: one timer per root
// context per VM, set from any context for its root; 0 turns it off).
import { WasmResult } from "../abi/enums.js";
import { putU64 } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function timeCalls(env: HostCallEnv): HostCallGroup {
  return {
    "env.proxy_get_current_time_nanoseconds": (retPtr: number) =>
      putU64(env.vm, retPtr, env.nowNanos()) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess,
    "env.proxy_set_tick_period_milliseconds": (periodMs: number) => {
      env.setTickPeriod(env.context(), periodMs >>> 0);
      return WasmResult.Ok;
    },
  };
}
