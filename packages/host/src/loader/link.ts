// The checks Envoy (proxy-wasm-cpp-host) runs before a module may serve traffic, in its order
// and with its wording: ABI marker (src/wasm.cc WasmBase::load), imports (src/v8/v8.cc
// V8::link), allocator and export signatures (WasmBase::getFunctions, V8::getModuleFunctionImpl).
import { ABI_0_1_0_CALLBACKS, type AbiVersion, type Flavor, hostFunctionTable, MODULE_FUNCTIONS, type HostFunctionSpec } from "./host-function-table.js";
import { printValTypes, readWasmModule, type FuncType, type WasmModuleInfo, WasmParseError } from "./wasm-binary.js";

export class WasmLoadError extends Error {
  override name = "WasmLoadError";
}

export interface LinkedModule {
  info: WasmModuleInfo;
  abiVersion: AbiVersion;
  allocator: "malloc" | "proxy_on_memory_allocate";
  hostFunctions: Map<string, HostFunctionSpec>;
  /** Names of the module's exported functions (the callbacks the host may call). */
  exportedFunctions: Set<string>;
}

const ABI_MARKERS: Record<string, AbiVersion> = {
  proxy_abi_version_0_1_0: "0_1_0",
  proxy_abi_version_0_2_0: "0_2_0",
  proxy_abi_version_0_2_1: "0_2_1",
};
const HIGRESS_ABI_MARKERS: Record<string, AbiVersion> = { ...ABI_MARKERS, proxy_abi_version_0_2_100: "0_2_100" };

function sameType(a: FuncType, b: FuncType): boolean {
  return a.params.join() === b.params.join() && a.results.join() === b.results.join();
}

/** Throws WasmLoadError with Envoy's message when Envoy would refuse the module. */
export function linkModule(bytes: Uint8Array, flavor: Flavor): LinkedModule {
  let info: WasmModuleInfo;
  try {
    info = readWasmModule(bytes);
  } catch (e) {
    if (e instanceof WasmParseError) throw new WasmLoadError("Failed to parse corrupted Wasm module");
    throw e;
  }

  // BytecodeUtil::getAbiVersion: the first proxy_abi_version_* function export decides.
  const markers = flavor === "higress" ? HIGRESS_ABI_MARKERS : ABI_MARKERS;
  const marker = info.exports.find((e) => e.kind === "function" && e.name.startsWith("proxy_abi_version_"));
  const abiVersion = marker ? markers[marker.name] : undefined;
  if (!abiVersion) throw new WasmLoadError("Missing or unknown Proxy-Wasm ABI version");

  const hostFunctions = hostFunctionTable(flavor, abiVersion);
  for (const imp of info.imports) {
    const key = `${imp.module}.${imp.name}`;
    if (imp.kind === "function") {
      const host = hostFunctions.get(key);
      if (!host) throw new WasmLoadError(`Failed to load Wasm module due to a missing import: ${key}`);
      if (!imp.type || !sameType(imp.type, host.type)) {
        const want = imp.type ?? { params: [], results: [] };
        throw new WasmLoadError(
          `Failed to load Wasm module due to an import type mismatch: ${key}, want: ${printValTypes(want.params)} -> ${printValTypes(want.results)}, ` +
            `but host exports: ${printValTypes(host.type.params)} -> ${printValTypes(host.type.results)}`,
        );
      }
    } else if (imp.kind === "global" || imp.kind === "table") {
      // V8::link supports function and memory imports only.
      throw new WasmLoadError(`Failed to load Wasm module due to a missing import: ${key}`);
    }
  }

  const exportedFunctions = new Set<string>();
  for (const exp of info.exports) {
    if (exp.kind !== "function") continue;
    exportedFunctions.add(exp.name);
    const want = (abiVersion === "0_1_0" ? ABI_0_1_0_CALLBACKS[exp.name] : undefined) ?? MODULE_FUNCTIONS[exp.name];
    if (want && exp.type && !sameType(exp.type, want)) {
      throw new WasmLoadError(
        `Bad function signature for: ${exp.name}, want: ${printValTypes(want.params)} -> ${printValTypes(want.results)}, ` +
          `but the module exports: ${printValTypes(exp.type.params)} -> ${printValTypes(exp.type.results)}`,
      );
    }
  }

  const allocator = exportedFunctions.has("malloc") ? "malloc" : exportedFunctions.has("proxy_on_memory_allocate") ? "proxy_on_memory_allocate" : null;
  if (!allocator) throw new WasmLoadError("Wasm module is missing malloc function.");

  return { info, abiVersion, allocator, hostFunctions, exportedFunctions };
}
