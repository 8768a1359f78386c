// All host-call groups, merged into one table keyed "module.name" for the linker.
import type { LogLevel } from "../abi/enums.js";
import type { HostFunctionImpls } from "../vm/wasm-vm.js";
import { bufferCalls } from "./buffers.js";
import { headerCalls } from "./headers.js";
import type { HostCallEnv } from "./host-call-env.js";
import { localResponseCalls } from "./local-response.js";
import { logCalls } from "./log.js";
import { timeCalls } from "./time.js";

export function buildHostFunctions(env: HostCallEnv, logThreshold: () => LogLevel): HostFunctionImpls {
  const impls: HostFunctionImpls = new Map();
  for (const group of [logCalls(env, logThreshold), timeCalls(env), headerCalls(env), bufferCalls(env), localResponseCalls(env)]) {
    for (const [name, fn] of Object.entries(group)) impls.set(name, fn);
  }
  return impls;
}
