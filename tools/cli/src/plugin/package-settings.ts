// A plugin's build settings live in its package.json under "gatewasm", next to its version:
//   "gatewasm": { "flavor": "envoy", "budget": 8192 }
// flavor: the host the plugin must load on (`higress` for plugins that use Redis);
// budget: the most bytes the release .wasm may have. doctor and pack read them, so a plugin's
// build and its image are checked against the same numbers.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Flavor } from "@gatewasm/host";

const DEFAULT_FLAVOR: Flavor = "envoy";
/** The design's goal for any plugin (64 KiB); hello-world sets its own, smaller one. */
export const DEFAULT_BUDGET = 65_536;

export interface PluginSettings {
  flavor: Flavor;
  budget: number;
  /** The package.json the settings came from, if any. */
  source?: string;
}

export interface PackageJson {
  name?: string;
  version?: string;
  gatewasm?: { flavor?: string; budget?: number };
  [key: string]: unknown;
}

export function readPackageJson(file: string): PackageJson {
  return JSON.parse(readFileSync(file, "utf8")) as PackageJson;
}

/** The nearest package.json at or above `from` (a file or folder), or undefined. */
function findPackageJson(from: string): string | undefined {
  let dir = resolve(from);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) dir = dirname(dir);
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function isFlavor(value: unknown): value is Flavor {
  return value === "envoy" || value === "higress";
}

/** The settings of the package that holds `path`; defaults where the package has none. */
export function pluginSettings(path: string): PluginSettings {
  const source = findPackageJson(path);
  const declared = source ? readPackageJson(source).gatewasm : undefined;
  if (declared === undefined) return { flavor: DEFAULT_FLAVOR, budget: DEFAULT_BUDGET };
  if (declared.flavor !== undefined && !isFlavor(declared.flavor)) {
    throw new Error(`${source}: gatewasm.flavor "${declared.flavor}": expected envoy or higress`);
  }
  if (declared.budget !== undefined && !(Number.isInteger(declared.budget) && declared.budget > 0)) {
    throw new Error(`${source}: gatewasm.budget ${JSON.stringify(declared.budget)}: expected a number of bytes`);
  }
  return { flavor: declared.flavor ?? DEFAULT_FLAVOR, budget: declared.budget ?? DEFAULT_BUDGET, source };
}
