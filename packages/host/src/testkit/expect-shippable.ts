// Would this release build ship? One verdict for `gatewasm doctor` (which every plugin build
// ends with) and for a plugin's own test (`await expectShippable(pluginDir)`): the module must
// load on the host its package.json names (linkVerdict, then the compile step TestHost and the
// gateway go through) and fit that package's size budget. The failure text is doctor's --quiet
// verdict, so a test and a build say the same thing about the same file.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { relative } from "node:path";
import { hostFunctionTable, type Flavor } from "../loader/host-function-table.js";
import { linkVerdict, WasmLoadError, type LinkVerdict } from "../loader/link.js";
import { CompiledPlugin } from "../plugin/compiled-plugin.js";
import { readPluginPackage } from "./plugin-package.js";

export interface ShippableVerdict {
  size: number;
  flavor: Flavor;
  /** Undefined: no budget applies. */
  budget?: number;
  link: LinkVerdict;
  /** Every reason the module would not load or does not fit its budget, Envoy's wording first. */
  problems: string[];
  /** Imports only Higress's gateway provides, when checked against stock Envoy. */
  higressOnlyImports: string[];
  /** Envoy would load it (whatever its size). */
  loads: boolean;
  withinBudget: boolean;
  ok: boolean;
}

/** What the wording below reads: doctor's fuller Diagnosis has these fields too. */
export type ShippableSummary = Pick<
  ShippableVerdict,
  "size" | "flavor" | "budget" | "problems" | "higressOnlyImports" | "loads" | "ok"
>;

const bytesText = (n: number) => n.toLocaleString("en-US");

/** Checks `wasm` against the `flavor` host and, if given, a size `budget` in bytes. */
export function shippableVerdict(wasm: Uint8Array, flavor: Flavor, budget?: number): ShippableVerdict {
  const link = linkVerdict(wasm, flavor);
  const problems = link.problems.map((p) => p.message);
  // Past linking, the host's compile step (memory ceiling, code validation) has the last word.
  if (link.loads) {
    try {
      CompiledPlugin.compile(wasm, flavor);
    } catch (e) {
      if (!(e instanceof WasmLoadError)) throw e;
      problems.unshift(e.message);
    }
  }
  const loads = problems.length === 0;
  const withinBudget = budget === undefined || wasm.length <= budget;
  if (budget !== undefined && !withinBudget) {
    problems.push(
      `The module is ${bytesText(wasm.length - budget)} bytes over its budget of ${bytesText(budget)} bytes.`,
    );
  }
  const higress = hostFunctionTable("higress", link.abiVersion ?? "0_2_1");
  const higressOnlyImports = (link.info?.imports ?? [])
    .map((imp) => ({ imp, key: `${imp.module}.${imp.name}` }))
    .filter(
      ({ imp, key }) =>
        flavor === "envoy" &&
        imp.kind === "function" &&
        higress.has(key) &&
        link.problems.some((p) => p.kind === "import" && p.subject === key && p.message.includes("missing import")),
    )
    .map(({ key }) => key);
  return {
    size: wasm.length,
    flavor,
    budget,
    link,
    problems,
    higressOnlyImports,
    loads,
    withinBudget,
    ok: loads && withinBudget,
  };
}

/** "loads on envoy", "loads on envoy, but is over its size budget" or "would NOT load on envoy". */
export function shippableVerdictWords(v: ShippableSummary): string {
  if (v.ok) return `loads on ${v.flavor}`;
  return v.loads ? `loads on ${v.flavor}, but is over its size budget` : `would NOT load on ${v.flavor}`;
}

/** The problems block of doctor's report, with the hint for a Higress-only module. */
export function shippableProblemLines(v: ShippableSummary): string[] {
  const lines = [`problems (${v.problems.length})`, ...v.problems.map((p) => `  - ${p}`)];
  if (v.higressOnlyImports.length > 0) {
    lines.push(
      `This module is Higress-only: it imports ${v.higressOnlyImports.join(", ")}, which only Higress's gateway provides.`,
      "Stock Envoy refuses to load it. Run it on Higress, and check it with --flavor higress.",
    );
  }
  return lines;
}

/** doctor's one-line verdict (--quiet), with the problems when there are any. */
export function formatShippableVerdict(file: string, v: ShippableSummary): string {
  const size =
    v.budget === undefined ? `${bytesText(v.size)} bytes` : `${bytesText(v.size)} of ${bytesText(v.budget)} bytes`;
  return [`${file}: ${shippableVerdictWords(v)} (${size})`, ...(v.ok ? [] : shippableProblemLines(v))].join("\n");
}

/**
 * Fails (throws, so a test fails) unless the plugin in `pluginDir` ships: its release build
 * (package.json's "./plugin.wasm" export) loads on the flavor in its "gatewasm" section and fits
 * its budget, and `<package name>/plugin.wasm` resolves to that file for the people who install it.
 */
export function expectShippable(pluginDir: string): ShippableVerdict {
  const plugin = readPluginPackage(pluginDir, "expectShippable");
  const { wasmPath } = plugin;
  if (!existsSync(wasmPath)) throw new Error(`${wasmPath} is missing: run the plugin's build first`);
  const verdict = shippableVerdict(readFileSync(wasmPath), plugin.flavor, plugin.budget);
  if (!verdict.ok) throw new Error(formatShippableVerdict(relative(process.cwd(), wasmPath) || wasmPath, verdict));
  if (plugin.name) {
    const resolved = createRequire(plugin.manifestPath).resolve(`${plugin.name}/plugin.wasm`);
    if (resolved !== wasmPath)
      throw new Error(`${plugin.name}/plugin.wasm resolves to ${resolved}, not the release build ${wasmPath}`);
  }
  return verdict;
}
