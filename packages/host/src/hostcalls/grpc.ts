// gRPC callouts (cpp-host src/exports.cc grpc_*, Envoy context.cc grpcCall/grpcStream/…).
// The host does not run gRPC upstreams. It answers what Envoy answers before any traffic
// (an unknown cluster is ParseFailure; a token that is not a gRPC token is BadArgument; an
// unknown gRPC token is NotFound) and refuses a call to a known cluster with Unimplemented
// and a log line, instead of pretending to send it.
import { CalloutType, LogLevel, WasmResult } from "../abi/enums.js";
import { guestBytes } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export interface GrpcClusterCheck {
  hasCluster(name: string): boolean;
}

export function grpcCalls(env: HostCallEnv, clusters: GrpcClusterCheck): HostCallGroup {
  const start = (sPtr: number, sLen: number) => {
    const service = guestBytes(env.vm, sPtr, sLen);
    if (service === null) return WasmResult.InvalidMemoryAccess;
    const cluster = Buffer.from(service).toString("utf8");
    if (!clusters.hasCluster(cluster)) return WasmResult.ParseFailure;
    env.hostLog(
      LogLevel.Error,
      `gatewasm host: gRPC callouts are not emulated (cluster ${cluster}); returned Unimplemented (12)`,
    );
    return WasmResult.Unimplemented;
  };
  const byToken = (token: number, kinds: CalloutType[]) =>
    kinds.includes((token >>> 0) & 3) ? WasmResult.NotFound : WasmResult.BadArgument;
  const both = [CalloutType.GrpcCall, CalloutType.GrpcStream];
  return {
    "env.proxy_grpc_call": (sPtr: number, sLen: number) => start(sPtr, sLen),
    "env.proxy_grpc_stream": (sPtr: number, sLen: number) => start(sPtr, sLen),
    "env.proxy_grpc_send": (token: number) => byToken(token, [CalloutType.GrpcStream]),
    "env.proxy_grpc_close": (token: number) => byToken(token, both),
    "env.proxy_grpc_cancel": (token: number) => byToken(token, both),
  };
}
