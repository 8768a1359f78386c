// What a plugin's package.json says about its release build: the file (its "./plugin.wasm"
// export), the host it must load on and its size budget ("gatewasm": { "flavor", "budget" }).
// The test-kit helpers that take a plugin's folder read it here, with the errors doctor gives.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Flavor } from "../loader/host-function-table.js";

/** The design's goal for any plugin (64 KiB), where a package.json names no budget. */
export const DEFAULT_BUDGET_BYTES = 65_536;

export interface PluginPackage {
  dir: string;
  manifestPath: string;
  name?: string;
  flavor: Flavor;
  budget: number;
  /** The release build: package.json's "./plugin.wasm" export, resolved in `dir`. */
  wasmPath: string;
}

interface PluginManifest {
  name?: string;
  exports?: Record<string, unknown>;
  gatewasm?: { flavor?: unknown; budget?: unknown };
}

export function readPluginPackage(pluginDir: string, caller: string): PluginPackage {
  const manifestPath = join(pluginDir, "package.json");
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: ${caller} takes a plugin's folder`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as PluginManifest;
  const declared = manifest.gatewasm ?? {};
  const flavor = declared.flavor ?? "envoy";
  if (flavor !== "envoy" && flavor !== "higress")
    throw new Error(`${manifestPath}: gatewasm.flavor ${JSON.stringify(flavor)}: expected envoy or higress`);
  const budget = declared.budget ?? DEFAULT_BUDGET_BYTES;
  if (typeof budget !== "number" || !Number.isInteger(budget) || budget <= 0)
    throw new Error(`${manifestPath}: gatewasm.budget ${JSON.stringify(budget)}: expected a number of bytes`);
  const exported = manifest.exports?.["./plugin.wasm"];
  if (typeof exported !== "string")
    throw new Error(`${manifestPath}: exports has no "./plugin.wasm" (the file people install the plugin for)`);
  return { dir: pluginDir, manifestPath, name: manifest.name, flavor, budget, wasmPath: join(pluginDir, exported) };
}
