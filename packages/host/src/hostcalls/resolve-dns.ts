// Envoy's envoy_resolve_dns (Envoy context.cc resolve_dns): returns a token at once; the
// answer arrives later on envoy_on_resolve_dns of the root context.
import { WasmResult } from "../abi/enums.js";
import { guestString, putU32 } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function resolveDnsCalls(env: HostCallEnv): HostCallGroup {
  return {
    "env.envoy_resolve_dns": (nPtr: number, nLen: number, retTok: number) => {
      const name = guestString(env.vm, nPtr, nLen);
      if (name === null) return WasmResult.InvalidMemoryAccess;
      const { result, token } = env.resolveDns(name);
      if (result !== WasmResult.Ok) return result;
      return putU32(env.vm, retTok, token) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
  };
}
