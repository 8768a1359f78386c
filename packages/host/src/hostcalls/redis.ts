// Higress's Redis calls (higress-group/proxy-wasm-cpp-host exports.cc redis_init/redis_call,
// Higress Envoy context.cc redisInit/redisCall): linked only under the higress flavor.
import { WasmResult } from "../abi/enums.js";
import { guestBytes, guestString, putU32 } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function redisCalls(env: HostCallEnv): HostCallGroup {
  return {
    "env.proxy_redis_init": (
      cPtr: number,
      cLen: number,
      uPtr: number,
      uLen: number,
      pPtr: number,
      pLen: number,
      timeoutMs: number,
    ) => {
      const cluster = guestString(env.vm, cPtr, cLen);
      const user = guestString(env.vm, uPtr, uLen);
      const pass = guestString(env.vm, pPtr, pLen);
      if (cluster === null || user === null || pass === null) return WasmResult.InvalidMemoryAccess;
      return env.redisInit(cluster, user, pass, timeoutMs >>> 0);
    },
    "env.proxy_redis_call": (cPtr: number, cLen: number, qPtr: number, qLen: number, retTok: number) => {
      const cluster = guestString(env.vm, cPtr, cLen);
      const query = guestBytes(env.vm, qPtr, qLen);
      if (cluster === null || query === null) return WasmResult.InvalidMemoryAccess;
      if (!putU32(env.vm, retTok, 0)) return WasmResult.InvalidMemoryAccess;
      const { result, token } = env.redisCall(cluster, query);
      putU32(env.vm, retTok, token);
      return result;
    },
  };
}
