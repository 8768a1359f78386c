// Stream control (cpp-host src/exports.cc continue_stream / close_stream / send_local_response
// and the 0.1.0 continue_request / continue_response / clear_route_cache / get_configuration;
// Envoy context.cc continueStream, closeStream, sendLocalResponse). The context defers the
// work until the VM call returns; send_local_response also forces the callback's status to Stop.
import { StreamType, WasmResult } from "../abi/enums.js";
import { decodePairs } from "../abi/pairs.js";
import { guestBytes, guestString } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

/** Envoy's largest well-known gRPC status; anything else (the SDKs' -1) means "no grpc-status". */
const GRPC_MAXIMUM_KNOWN = 16;

export function streamControlCalls(env: HostCallEnv): HostCallGroup {
  return {
    "env.proxy_continue_stream": (type: number) => {
      if (type >>> 0 > StreamType.Upstream) return WasmResult.BadArgument;
      return env.context().continueStream(type);
    },
    "env.proxy_close_stream": (type: number) => {
      if (type >>> 0 > StreamType.Upstream) return WasmResult.BadArgument;
      return env.context().closeStream(type);
    },
    "env.proxy_continue_request": () => env.context().continueStream(StreamType.HttpRequest),
    "env.proxy_continue_response": () => env.context().continueStream(StreamType.HttpResponse),
    "env.proxy_clear_route_cache": () => {
      env.context().clearRouteCache();
      return WasmResult.Ok;
    },
    "env.proxy_get_configuration": (retPtr: number, retLen: number) => {
      const root = env.context().root();
      const data = root.configuring ? root.pluginConfiguration : root.vmConfiguration;
      return env.vm.returnBytes(data, retPtr, retLen);
    },
    "env.proxy_send_local_response": (
      status: number,
      dPtr: number,
      dLen: number,
      bPtr: number,
      bLen: number,
      hPtr: number,
      hLen: number,
      grpcStatus: number,
    ) => {
      const details = guestString(env.vm, dPtr, dLen);
      const body = guestBytes(env.vm, bPtr, bLen);
      const headers = guestBytes(env.vm, hPtr, hLen);
      if (details === null || body === null || headers === null) return WasmResult.InvalidMemoryAccess;
      const grpc = grpcStatus >>> 0;
      const result = env.context().sendLocalResponse({
        statusCode: status >>> 0,
        // Envoy StringUtil::replaceAllEmptySpace: details never contain whitespace.
        details: details.replace(/\s/g, "_"),
        body,
        headers: decodePairs(headers).map(([k, v]) => [k.toLowerCase(), v]),
        grpcStatus: grpc <= GRPC_MAXIMUM_KNOWN ? grpc : -1,
      });
      if (result === WasmResult.Ok) env.vm.stopNextIteration = true;
      return result;
    },
  };
}
