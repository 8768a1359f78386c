// All host-call groups, merged into one table keyed "module.name" for the linker.
import type { HostFunctionImpls } from "../vm/wasm-vm.js";
import { bufferCalls } from "./buffers.js";
import { contextControlCalls } from "./context-control.js";
import { foreignCalls } from "./call-foreign-function.js";
import { emscriptenCalls } from "./emscripten.js";
import type { ForeignCallEnv } from "./foreign-functions.js";
import { grpcCalls, type GrpcClusterCheck } from "./grpc.js";
import { headerCalls } from "./headers.js";
import type { HostCallEnv } from "./host-call-env.js";
import { httpCallCalls } from "./http-call.js";
import { logCalls } from "./log.js";
import { metricCalls } from "./metrics.js";
import { propertyCalls } from "./properties.js";
import { redisCalls } from "./redis.js";
import { resolveDnsCalls } from "./resolve-dns.js";
import { sharedDataCalls } from "./shared-data.js";
import { streamControlCalls } from "./stream-control.js";
import { timeCalls } from "./time.js";
import { wasiCalls } from "./wasi.js";

export function buildHostFunctions(
  env: HostCallEnv,
  foreignEnv: ForeignCallEnv,
  clusters: GrpcClusterCheck,
): HostFunctionImpls {
  const impls: HostFunctionImpls = new Map();
  const groups = [
    logCalls(env),
    timeCalls(env),
    headerCalls(env),
    bufferCalls(env),
    propertyCalls(env),
    streamControlCalls(env),
    contextControlCalls(env),
    sharedDataCalls(env),
    metricCalls(env),
    httpCallCalls(env),
    grpcCalls(env, clusters),
    foreignCalls(env, foreignEnv),
    wasiCalls(env),
    emscriptenCalls(),
    resolveDnsCalls(env),
  ];
  if (env.flavor === "higress") groups.push(redisCalls(env));
  for (const group of groups) {
    for (const [name, fn] of Object.entries(group)) impls.set(name, fn);
  }
  return impls;
}
