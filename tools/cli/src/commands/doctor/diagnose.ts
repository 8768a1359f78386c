// Will this module load? The host's loader decides (linkModule and CompiledPlugin.compile refuse
// exactly what Envoy refuses, but stop at the first reason); this file looks at every import and
// export so that a user sees all of them at once, in Envoy's words, plus what Envoy does not check
// but our plugins must hold: no start section, and a size within the plugin's budget.
import {
  CompiledPlugin, hostFunctionTable, MODULE_FUNCTIONS, readWasmModule, WasmLoadError,
  type AbiVersion, type Flavor, type WasmModuleInfo,
} from "@gatewasm/host";

type FuncType = NonNullable<WasmModuleInfo["imports"][number]["type"]>;

export interface ImportFinding {
  key: string;
  kind: string;
  type?: FuncType;
  /** Envoy's refusal for this import, if it would refuse it. */
  problem?: string;
  /** Present on Higress's gateway but not on stock Envoy. */
  higressOnly: boolean;
}

export interface ExportFinding {
  name: string;
  kind: string;
  type?: FuncType;
  problem?: string;
}

export interface Check {
  ok: boolean;
  label: string;
}

export interface Diagnosis {
  size: number;
  flavor: Flavor;
  budget: number;
  /** Undefined when the bytes are not a Wasm module at all. */
  abiVersion?: AbiVersion;
  imports: ImportFinding[];
  exports: ExportFinding[];
  checks: Check[];
  /** Every reason the module would not load or does not meet its budget, Envoy's wording first. */
  problems: string[];
  /** The Higress-only imports, when checked against stock Envoy. */
  higressOnlyImports: string[];
  /** Envoy would load it (whatever its size). */
  loads: boolean;
  withinBudget: boolean;
  /** Loads and fits its budget: doctor's exit 0. */
  ok: boolean;
}

const ABI_MARKERS: Record<string, AbiVersion> = {
  proxy_abi_version_0_1_0: "0_1_0",
  proxy_abi_version_0_2_0: "0_2_0",
  proxy_abi_version_0_2_1: "0_2_1",
  proxy_abi_version_0_2_100: "0_2_100",
};

/** Envoy's way of printing a signature: "i32 i32 -> i32", "void" for none. */
export function signature(type: FuncType): string {
  const side = (types: readonly string[]) => (types.length === 0 ? "void" : types.join(" "));
  return `${side(type.params)} -> ${side(type.results)}`;
}

const sameType = (a: FuncType, b: FuncType) => signature(a) === signature(b);

function markerOf(info: WasmModuleInfo, flavor: Flavor): { name?: string; abi?: AbiVersion } {
  // cpp-host takes the first proxy_abi_version_* function export; 0.2.100 is Higress's own.
  const marker = info.exports.find((e) => e.kind === "function" && e.name.startsWith("proxy_abi_version_"));
  const abi = marker ? ABI_MARKERS[marker.name] : undefined;
  return { name: marker?.name, abi: abi === "0_2_100" && flavor !== "higress" ? undefined : abi };
}

function diagnoseImports(info: WasmModuleInfo, flavor: Flavor, abi: AbiVersion): ImportFinding[] {
  const host = hostFunctionTable(flavor, abi);
  const higress = hostFunctionTable("higress", abi);
  return info.imports.map((imp) => {
    const key = `${imp.module}.${imp.name}`;
    const finding: ImportFinding = { key, kind: imp.kind, type: imp.type, higressOnly: false };
    if (imp.kind === "memory") return finding;
    const provided = imp.kind === "function" ? host.get(key) : undefined;
    if (!provided) {
      finding.problem = `Failed to load Wasm module due to a missing import: ${key}`;
      finding.higressOnly = flavor === "envoy" && imp.kind === "function" && higress.has(key);
    } else if (!imp.type || !sameType(imp.type, provided.type)) {
      finding.problem =
        `Failed to load Wasm module due to an import type mismatch: ${key}, want: ${signature(imp.type ?? { params: [], results: [] })}, ` +
        `but host exports: ${signature(provided.type)}`;
    }
    return finding;
  });
}

function diagnoseExports(info: WasmModuleInfo, abi: AbiVersion | undefined): ExportFinding[] {
  return info.exports.map((exp) => {
    const finding: ExportFinding = { name: exp.name, kind: exp.kind, type: exp.type };
    // ABI 0.1.0's header callbacks take one argument less; the host's verdict below checks them.
    const want = abi === "0_1_0" && /^proxy_on_(request|response)_headers$/.test(exp.name) ? undefined : MODULE_FUNCTIONS[exp.name];
    if (exp.kind === "function" && want && exp.type && !sameType(exp.type, want)) {
      finding.problem = `Bad function signature for: ${exp.name}, want: ${signature(want)}, but the module exports: ${signature(exp.type)}`;
    }
    return finding;
  });
}

const bytes = (n: number) => n.toLocaleString("en-US");

/** Checks `wasm` against the `flavor` host and a size `budget` in bytes. */
export function diagnose(wasm: Uint8Array, flavor: Flavor, budget: number): Diagnosis {
  const d: Diagnosis = { size: wasm.length, flavor, budget, imports: [], exports: [], checks: [], problems: [], higressOnlyImports: [], loads: false, withinBudget: wasm.length <= budget, ok: false };
  const sizeCheck: Check = {
    ok: d.withinBudget,
    label: `size ${bytes(wasm.length)} bytes, budget ${bytes(budget)} (${Math.round((wasm.length / budget) * 100)}%)`,
  };

  let info: WasmModuleInfo;
  try {
    info = readWasmModule(wasm);
  } catch {
    d.problems.unshift("Failed to parse corrupted Wasm module");
    d.checks.push({ ok: false, label: "a WebAssembly binary (magic, version and sections)" }, sizeCheck);
    if (!d.withinBudget) d.problems.push(`The module is ${bytes(wasm.length - budget)} bytes over its budget of ${bytes(budget)} bytes.`);
    return d;
  }

  const marker = markerOf(info, flavor);
  d.abiVersion = marker.abi;
  d.checks.push({ ok: marker.abi !== undefined, label: marker.name ? `ABI marker ${marker.name}` : "ABI marker proxy_abi_version_0_2_1 (none exported)" });
  if (!marker.abi) d.problems.push("Missing or unknown Proxy-Wasm ABI version");

  // Without a marker Envoy stops before linking; the 0.2.1 table still shows what else is wrong.
  d.imports = diagnoseImports(info, flavor, marker.abi ?? "0_2_1");
  d.exports = diagnoseExports(info, marker.abi);
  for (const f of [...d.imports, ...d.exports]) if (f.problem) d.problems.push(f.problem);
  d.higressOnlyImports = d.imports.filter((i) => i.higressOnly).map((i) => i.key);

  const functions = new Set(info.exports.filter((e) => e.kind === "function").map((e) => e.name));
  const allocator = functions.has("malloc") ? "malloc" : functions.has("proxy_on_memory_allocate") ? "proxy_on_memory_allocate" : undefined;
  d.checks.push({ ok: allocator !== undefined, label: allocator ? `allocator ${allocator}` : "allocator malloc or proxy_on_memory_allocate (neither exported)" });
  if (!allocator) d.problems.push("Wasm module is missing malloc function.");

  // Envoy instantiates a module with a start section, but the start code runs with no context:
  // the first host call it makes crashes the proxy. Our builds start from _initialize instead.
  d.checks.push({ ok: !info.hasStartSection, label: info.hasStartSection ? "start section (top-level code runs before the host has a context)" : "no start section" });
  if (info.hasStartSection) {
    d.problems.push("The module has a start section: its host calls would run with no context and crash the proxy. Build with --exportStart _initialize.");
  }
  d.checks.push(sizeCheck);

  // The host's own verdict (link, memory ceiling, compilation) is the final word; add its
  // reason if the checks above missed it (for example code that does not validate).
  try {
    CompiledPlugin.compile(wasm, flavor);
  } catch (e) {
    if (!(e instanceof WasmLoadError)) throw e;
    if (!d.problems.includes(e.message)) d.problems.unshift(e.message);
  }
  d.loads = d.problems.length === 0;
  if (!d.withinBudget) d.problems.push(`The module is ${bytes(wasm.length - budget)} bytes over its budget of ${bytes(budget)} bytes.`);
  d.ok = d.loads && d.withinBudget;
  return d;
}
