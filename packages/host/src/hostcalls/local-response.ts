// proxy_send_local_response (Envoy context.cc sendLocalResponse): the reply is recorded on the
// stream and sent only after the current callback returns (Envoy defers sendLocalReply); the
// stream then forces the callback's result to Stop.
import { WasmResult } from "../abi/enums.js";
import { decodePairs } from "../abi/pairs.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";
import { HttpStream } from "../stream/http-stream.js";

export function localResponseCalls(env: HostCallEnv): HostCallGroup {
  return {
    "env.proxy_send_local_response": (
      status: number, dPtr: number, dLen: number, bPtr: number, bLen: number, hPtr: number, hLen: number, grpcStatus: number,
    ) => {
      const ctx = env.effectiveContext();
      if (!(ctx instanceof HttpStream)) return WasmResult.NotFound;
      let details: string;
      let body: Uint8Array;
      let headers: [string, string][];
      try {
        details = env.vm.readString(dPtr, dLen);
        body = env.vm.read(bPtr, bLen);
        headers = decodePairs(env.vm.read(hPtr, hLen));
      } catch {
        return WasmResult.InvalidMemoryAccess;
      }
      return ctx.requestLocalReply({
        statusCode: status >>> 0,
        // Envoy replaces whitespace in details with '_' (StreamInfo::ResponseCodeDetails rules).
        details: details.replace(/\s/g, "_"),
        body,
        headers: headers.map(([k, v]) => [k.toLowerCase(), v]),
        grpcStatus: grpcStatus | 0,
      });
    },
  };
}
