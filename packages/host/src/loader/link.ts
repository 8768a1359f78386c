// The checks Envoy (proxy-wasm-cpp-host) runs before a module may serve traffic, in its order
// and with its wording: ABI marker (src/wasm.cc WasmBase::load), imports (src/v8/v8.cc
// V8::link), what the start section can reach (Instance::make), allocator and export signatures
// (WasmBase::getFunctions, V8::getModuleFunctionImpl).
import {
  ABI_0_1_0_CALLBACKS,
  type AbiVersion,
  type Flavor,
  hostFunctionTable,
  MODULE_FUNCTIONS,
  type HostFunctionSpec,
} from "./host-function-table.js";
import { startReach, type StartReach } from "./start-reach.js";
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

type LinkProblemKind = "parse" | "abi" | "import" | "start" | "export" | "allocator";

interface LinkProblem {
  kind: LinkProblemKind;
  /** Envoy's wording (the start problem is ours: Envoy crashes instead of refusing). */
  message: string;
  /** The import key ("env.proxy_log") or export name the problem is about. */
  subject?: string;
}

/**
 * Whether Envoy would load a module, with every reason it would not, in the order Envoy meets
 * them. The one verdict shared by the host (linkModule, so TestHost and the gateway) and by
 * `gatewasm doctor`, so the two cannot disagree.
 */
export interface LinkVerdict {
  loads: boolean;
  problems: LinkProblem[];
  /** Undefined when the bytes do not parse. */
  info?: WasmModuleInfo;
  /** Undefined when the module has no marker this flavor knows. */
  abiVersion?: AbiVersion;
  allocator?: "malloc" | "proxy_on_memory_allocate";
  /** What the start section can reach (hasStart false without one). */
  start: StartReach;
  exportedFunctions: Set<string>;
}

/**
 * Checks a module as Envoy would load it. Past the first problem it goes on (a missing marker
 * still checks imports against the 0.2.1 table) so that a reader sees every problem at once.
 */
export function linkVerdict(bytes: Uint8Array, flavor: Flavor): LinkVerdict {
  const problems: LinkProblem[] = [];
  const verdict: LinkVerdict = {
    loads: false,
    problems,
    start: { hasStart: false, contextImports: [], abortPathImports: [] },
    exportedFunctions: new Set(),
  };
  let info: WasmModuleInfo;
  try {
    info = readWasmModule(bytes);
  } catch (e) {
    if (!(e instanceof WasmParseError)) throw e;
    problems.push({ kind: "parse", message: "Failed to parse corrupted Wasm module" });
    return verdict;
  }
  verdict.info = info;

  // BytecodeUtil::getAbiVersion: the first proxy_abi_version_* function export decides.
  const markers = flavor === "higress" ? HIGRESS_ABI_MARKERS : ABI_MARKERS;
  const marker = info.exports.find((e) => e.kind === "function" && e.name.startsWith("proxy_abi_version_"));
  const abiVersion = marker ? markers[marker.name] : undefined;
  verdict.abiVersion = abiVersion;
  if (!abiVersion) problems.push({ kind: "abi", message: "Missing or unknown Proxy-Wasm ABI version" });

  // V8::link: every import, against the functions registered for this marker.
  const hostFunctions = hostFunctionTable(flavor, abiVersion ?? "0_2_1");
  for (const imp of info.imports) {
    const key = `${imp.module}.${imp.name}`;
    if (imp.kind === "function") {
      const host = hostFunctions.get(key);
      if (!host) {
        problems.push({
          kind: "import",
          subject: key,
          message: `Failed to load Wasm module due to a missing import: ${key}`,
        });
      } else if (!imp.type || !sameType(imp.type, host.type)) {
        const want = imp.type ?? { params: [], results: [] };
        problems.push({
          kind: "import",
          subject: key,
          message:
            `Failed to load Wasm module due to an import type mismatch: ${key}, want: ${printValTypes(want.params)} -> ${printValTypes(want.results)}, ` +
            `but host exports: ${printValTypes(host.type.params)} -> ${printValTypes(host.type.results)}`,
        });
      }
    } else if (imp.kind === "global" || imp.kind === "table") {
      // V8::link supports function and memory imports only.
      problems.push({
        kind: "import",
        subject: key,
        message: `Failed to load Wasm module due to a missing import: ${key}`,
      });
    }
  }

  // Instance::make runs the start section with no context (see start-reach.ts).
  verdict.start = startReach(bytes, info);
  if (verdict.start.contextImports.length > 0) {
    const names = verdict.start.contextImports.join(", ");
    const how = verdict.start.undecodable
      ? ` (its code could not be followed: ${verdict.start.undecodable}; every import counts)`
      : "";
    problems.push({
      kind: "start",
      subject: verdict.start.contextImports[0],
      message:
        `Failed to create new Wasm instance: the start function can call ${names}${how} before the host has a context; ` +
        "Envoy dereferences a null context there and the proxy crashes. Build with --exportStart _initialize.",
    });
  }

  // WasmBase::getFunctions: export signatures, then the allocator.
  for (const exp of info.exports) {
    if (exp.kind !== "function") continue;
    verdict.exportedFunctions.add(exp.name);
    const want = (abiVersion === "0_1_0" ? ABI_0_1_0_CALLBACKS[exp.name] : undefined) ?? MODULE_FUNCTIONS[exp.name];
    if (want && exp.type && !sameType(exp.type, want)) {
      problems.push({
        kind: "export",
        subject: exp.name,
        message:
          `Bad function signature for: ${exp.name}, want: ${printValTypes(want.params)} -> ${printValTypes(want.results)}, ` +
          `but the module exports: ${printValTypes(exp.type.params)} -> ${printValTypes(exp.type.results)}`,
      });
    }
  }
  const fns = verdict.exportedFunctions;
  verdict.allocator = fns.has("malloc")
    ? "malloc"
    : fns.has("proxy_on_memory_allocate")
      ? "proxy_on_memory_allocate"
      : undefined;
  if (!verdict.allocator) problems.push({ kind: "allocator", message: "Wasm module is missing malloc function." });

  verdict.loads = problems.length === 0;
  return verdict;
}

/** Throws WasmLoadError with Envoy's message (the first problem) when Envoy would refuse the module. */
export function linkModule(bytes: Uint8Array, flavor: Flavor): LinkedModule {
  const v = linkVerdict(bytes, flavor);
  if (!v.loads) throw new WasmLoadError(v.problems[0].message);
  return {
    info: v.info!,
    abiVersion: v.abiVersion!,
    allocator: v.allocator!,
    hostFunctions: hostFunctionTable(flavor, v.abiVersion!),
    exportedFunctions: v.exportedFunctions,
  };
}
