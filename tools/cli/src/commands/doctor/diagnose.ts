// Will this module load? The verdict is the host's own (linkVerdict, the function TestHost and
// the gateway load through), so doctor and the test kit cannot disagree; this file lays it out
// for a reader: every import and export, each check, every problem in Envoy's words, and the
// size against the plugin's budget when it has one.
import { shippableVerdict, type AbiVersion, type Flavor, type WasmModuleInfo } from "@gatewasm/host";
import { hostFunctionTable, type LinkVerdict } from "@gatewasm/host/internal";

type FuncType = NonNullable<WasmModuleInfo["imports"][number]["type"]>;

interface ImportFinding {
  key: string;
  kind: string;
  type?: FuncType;
  /** Envoy's refusal for this import, if it would refuse it. */
  problem?: string;
  /** Present on Higress's gateway but not on stock Envoy. */
  higressOnly: boolean;
}

interface ExportFinding {
  name: string;
  kind: string;
  type?: FuncType;
  problem?: string;
}

interface Check {
  ok: boolean;
  label: string;
}

export interface Diagnosis {
  size: number;
  flavor: Flavor;
  /** Undefined: no budget applies (a module outside a gatewasm plugin, and no --budget). */
  budget?: number;
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

/** Envoy's way of printing a signature: "i32 i32 -> i32", "void" for none. */
export function signature(type: FuncType): string {
  const side = (types: readonly string[]) => (types.length === 0 ? "void" : types.join(" "));
  return `${side(type.params)} -> ${side(type.results)}`;
}

/** The marker export cpp-host reads (the first proxy_abi_version_* function), if any. */
function markerName(info: WasmModuleInfo): string | undefined {
  return info.exports.find((e) => e.kind === "function" && e.name.startsWith("proxy_abi_version_"))?.name;
}

function importFindings(info: WasmModuleInfo, verdict: LinkVerdict, flavor: Flavor): ImportFinding[] {
  const higress = hostFunctionTable("higress", verdict.abiVersion ?? "0_2_1");
  return info.imports.map((imp) => {
    const key = `${imp.module}.${imp.name}`;
    const problem = verdict.problems.find((p) => p.kind === "import" && p.subject === key)?.message;
    const higressOnly =
      problem?.includes("missing import") === true && flavor === "envoy" && imp.kind === "function" && higress.has(key);
    return { key, kind: imp.kind, type: imp.type, problem, higressOnly };
  });
}

function exportFindings(info: WasmModuleInfo, verdict: LinkVerdict): ExportFinding[] {
  return info.exports.map((exp) => ({
    name: exp.name,
    kind: exp.kind,
    type: exp.type,
    problem:
      exp.kind === "function"
        ? verdict.problems.find((p) => p.kind === "export" && p.subject === exp.name)?.message
        : undefined,
  }));
}

function startCheck(verdict: LinkVerdict): Check {
  const start = verdict.start;
  if (!start.hasStart) return { ok: true, label: "no start section" };
  if (start.contextImports.length === 0) {
    // AssemblyScript's abort (`call abort; unreachable`) runs only when the start is failing anyway.
    const aborts =
      start.abortPathImports.length > 0 ? ` (${start.abortPathImports.join(", ")} only on abort paths)` : "";
    return { ok: true, label: `start section reaches no host function that needs a context${aborts}` };
  }
  return {
    ok: false,
    label: `start section can call ${start.contextImports.join(", ")} before the host has a context`,
  };
}

const bytes = (n: number) => n.toLocaleString("en-US");

/** Checks `wasm` against the `flavor` host and, if given, a size `budget` in bytes. */
export function diagnose(wasm: Uint8Array, flavor: Flavor, budget?: number): Diagnosis {
  // The verdict (loads, fits, every problem) is the host's, the one expectShippable fails with;
  // what follows only lays the module out for a reader.
  const shippable = shippableVerdict(wasm, flavor, budget);
  const verdict = shippable.link;
  const d: Diagnosis = {
    size: wasm.length,
    flavor,
    budget,
    imports: [],
    exports: [],
    checks: [],
    problems: shippable.problems,
    higressOnlyImports: shippable.higressOnlyImports,
    loads: shippable.loads,
    withinBudget: shippable.withinBudget,
    ok: shippable.ok,
  };
  const sizeCheck: Check =
    budget === undefined
      ? { ok: true, label: `size ${bytes(wasm.length)} bytes (no budget)` }
      : {
          ok: shippable.withinBudget,
          label: `size ${bytes(wasm.length)} bytes, budget ${bytes(budget)} (${Math.round((wasm.length / budget) * 100)}%)`,
        };

  const info = verdict.info;
  if (!info) {
    d.checks.push({ ok: false, label: "a WebAssembly binary (magic, version and sections)" }, sizeCheck);
    return d;
  }

  d.abiVersion = verdict.abiVersion;
  const marker = markerName(info);
  d.checks.push({
    ok: verdict.abiVersion !== undefined,
    label: marker ? `ABI marker ${marker}` : "ABI marker proxy_abi_version_0_2_1 (none exported)",
  });
  d.imports = importFindings(info, verdict, flavor);
  d.exports = exportFindings(info, verdict);
  d.checks.push({
    ok: verdict.allocator !== undefined,
    label: verdict.allocator
      ? `allocator ${verdict.allocator}`
      : "allocator malloc or proxy_on_memory_allocate (neither exported)",
  });
  d.checks.push(startCheck(verdict));
  d.checks.push(sizeCheck);
  return d;
}
