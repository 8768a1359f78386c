// proxy_call_foreign_function (cpp-host src/exports.cc call_foreign_function): an unknown name
// is NotFound; results go into module memory when the module passes result slots.
import { WasmResult } from "../abi/enums.js";
import { foreignFunctions, type ForeignCallEnv } from "./foreign-functions.js";
import { guestBytes, guestString, putU32 } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function foreignCalls(env: HostCallEnv, foreignEnv: ForeignCallEnv): HostCallGroup {
  const table = foreignFunctions(env.flavor);
  return {
    "env.proxy_call_foreign_function": (
      nPtr: number,
      nLen: number,
      aPtr: number,
      aLen: number,
      retPtr: number,
      retLen: number,
    ) => {
      const name = guestString(env.vm, nPtr, nLen);
      if (name === null) return WasmResult.InvalidMemoryAccess;
      const args = guestBytes(env.vm, aPtr, aLen);
      if (args === null) return WasmResult.InvalidMemoryAccess;
      const fn = Object.hasOwn(table, name) ? table[name] : undefined;
      if (!fn) return WasmResult.NotFound;
      const { result, data } = fn(args, foreignEnv);
      const out = data ?? new Uint8Array(0);
      let ptr = 0;
      if (retPtr >>> 0 !== 0 && out.length > 0) {
        ptr = env.vm.allocate(out);
        if (ptr === 0) return WasmResult.InvalidMemoryAccess;
      }
      if (retPtr >>> 0 !== 0 && !putU32(env.vm, retPtr, ptr)) return WasmResult.InvalidMemoryAccess;
      if (retLen >>> 0 !== 0 && !putU32(env.vm, retLen, out.length)) return WasmResult.InvalidMemoryAccess;
      return result;
    },
  };
}
