// proxy_get_current_time_nanoseconds: wall-clock time (Envoy's TimeSource::systemTime()).
import { WasmResult } from "../abi/enums.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function timeCalls(env: HostCallEnv): HostCallGroup {
  return {
    "env.proxy_get_current_time_nanoseconds": (retPtr: number) => {
      try {
        env.vm.writeU64(retPtr, env.nowNanos());
      } catch {
        return WasmResult.InvalidMemoryAccess;
      }
      return WasmResult.Ok;
    },
  };
}
