// proxy_log and proxy_get_log_level (cpp-host src/exports.cc log/get_log_level, Envoy
// context.cc Context::log: levels 0..5 are spdlog's; anything above is BadArgument).
import { LogLevel, WasmResult } from "../abi/enums.js";
import { guestString, putU32 } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function logCalls(env: HostCallEnv): HostCallGroup {
  return {
    "env.proxy_log": (level: number, ptr: number, len: number) => {
      level >>>= 0;
      if (level > LogLevel.Critical) return WasmResult.BadArgument;
      const message = guestString(env.vm, ptr, len);
      if (message === null) return WasmResult.InvalidMemoryAccess;
      env.log(level as LogLevel, message);
      return WasmResult.Ok;
    },
    "env.proxy_get_log_level": (retPtr: number) =>
      putU32(env.vm, retPtr, env.logLevel()) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess,
  };
}
