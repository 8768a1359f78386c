// Buffer host calls (Envoy context.cc getBuffer / Buffer::copyTo, cpp-host exports.cc
// get_buffer_bytes / get_buffer_status). Phase 1 reads buffers; writing bodies comes with the
// stream's body handling.
import { WasmResult } from "../abi/enums.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function bufferCalls(env: HostCallEnv): HostCallGroup {
  return {
    "env.proxy_get_buffer_bytes": (type: number, start: number, maxLen: number, retPtr: number, retLen: number) => {
      const bytes = env.effectiveContext()?.buffer(type);
      if (bytes === undefined) return WasmResult.NotFound;
      start >>>= 0;
      maxLen >>>= 0;
      if (start + maxLen < start) return WasmResult.BadArgument; // u32 overflow, as cpp-host checks
      const end = Math.min(bytes.length, start + maxLen);
      const slice = start >= bytes.length ? new Uint8Array(0) : bytes.subarray(start, end);
      return env.vm.returnBytes(slice, retPtr, retLen);
    },
    "env.proxy_get_buffer_status": (type: number, retLen: number, retFlags: number) => {
      const bytes = env.effectiveContext()?.buffer(type);
      if (bytes === undefined) return WasmResult.NotFound;
      try {
        env.vm.writeU32(retLen, bytes.length);
        env.vm.writeU32(retFlags, 0);
      } catch {
        return WasmResult.InvalidMemoryAccess;
      }
      return WasmResult.Ok;
    },
  };
}
