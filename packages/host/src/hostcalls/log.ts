// proxy_log and proxy_get_log_level (cpp-host src/exports.cc `log`, `get_log_level`).
import { LogLevel, WasmResult } from "../abi/enums.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function logCalls(env: HostCallEnv, threshold: () => LogLevel): HostCallGroup {
  return {
    "env.proxy_log": (level: number, ptr: number, len: number) => {
      if (level > LogLevel.Critical) return WasmResult.BadArgument;
      let message: string;
      try {
        message = env.vm.readString(ptr, len);
      } catch {
        return WasmResult.InvalidMemoryAccess;
      }
      env.log(level as LogLevel, message);
      return WasmResult.Ok;
    },
    "env.proxy_get_log_level": (retPtr: number) => {
      try {
        env.vm.writeU32(retPtr, threshold());
      } catch {
        return WasmResult.InvalidMemoryAccess;
      }
      return WasmResult.Ok;
    },
  };
}
