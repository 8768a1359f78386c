// Buffer host calls (cpp-host src/exports.cc get_buffer_bytes / get_buffer_status /
// set_buffer_bytes, Envoy context.cc getBuffer and Buffer::copyFrom). A type above the
// host's last buffer type is BadArgument (CallData 8 in Envoy; Higress adds its Redis reply 9);
// a buffer the context does not have is NotFound; reads clamp to the buffer (an empty read is
// (0, 0)); writes follow WasmBuffer.write.
import { BufferType, WasmResult } from "../abi/enums.js";
import { guestBytes, putU32 } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function bufferCalls(env: HostCallEnv): HostCallGroup {
  const maxType = env.flavor === "higress" ? BufferType.RedisCallResponse : BufferType.CallData;

  return {
    "env.proxy_get_buffer_bytes": (type: number, start: number, maxLen: number, retPtr: number, retLen: number) => {
      if (type >>> 0 > maxType) return WasmResult.BadArgument;
      const buffer = env.context().buffer(type);
      if (!buffer) return WasmResult.NotFound;
      start >>>= 0;
      let length = maxLen >>> 0;
      // cpp-host checks `start > start + length` on 64-bit words: with 32-bit arguments it never
      // overflows, so a huge max_len simply reads to the end.
      const size = buffer.size();
      if (start > size) length = 0;
      else if (start + length > size) length = size - start;
      return env.vm.returnBytes(length === 0 ? new Uint8Array(0) : buffer.read(start, length), retPtr, retLen);
    },
    "env.proxy_get_buffer_status": (type: number, retLen: number, retFlags: number) => {
      if (type >>> 0 > maxType) return WasmResult.BadArgument;
      const buffer = env.context().buffer(type);
      if (!buffer) return WasmResult.NotFound;
      if (!putU32(env.vm, retLen, buffer.size())) return WasmResult.InvalidMemoryAccess;
      if (!putU32(env.vm, retFlags, 0)) return WasmResult.InvalidMemoryAccess;
      return WasmResult.Ok;
    },
    "env.proxy_set_buffer_bytes": (type: number, start: number, length: number, ptr: number, size: number) => {
      if (type >>> 0 > maxType) return WasmResult.BadArgument;
      const buffer = env.context().buffer(type);
      if (!buffer) return WasmResult.NotFound;
      const data = guestBytes(env.vm, ptr, size);
      if (data === null) return WasmResult.InvalidMemoryAccess;
      return buffer.write(start >>> 0, length >>> 0, data);
    },
  };
}
