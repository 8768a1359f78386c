// Downloads: the compiled .wasm, and the plugin as a folder of its own (a zip) in the layout
// `gatewasm new` gives a standalone project: the sample's files with the page's edits, exact
// package versions instead of workspace links, the project's own vitest config, the config
// being tried as config/playground.json, and the built module in build/plugin.wasm.
import { strToU8, zipSync } from "fflate";
import cliPackage from "../../../cli/package.json";
import hostPackage from "../../../../packages/host/package.json";
import sdkPackage from "../../../../packages/sdk/package.json";
// The CLI's own rules for a standalone project, bundled from its sources so the two cannot drift.
import { isSampleOnlyTest } from "../../../cli/src/commands/new/generated-tests.js";
import {
  GITIGNORE,
  REPOSITORY_ONLY,
  standalonePackageJson,
  VITEST_CONFIG,
} from "../../../cli/src/commands/new/standalone.js";
import type { Flavor } from "../samples.js";

const folderFiles = import.meta.glob<string>(
  ["../../../../plugins/*/**/*", "!**/node_modules/**", "!**/build/**", "!**/.reports/**", "!**/.turbo/**"],
  { query: "?raw", import: "default", eager: true },
);

const GENERATED = new Set(["node_modules", "build", "dist", ".turbo", ".reports", "coverage"]);

export function saveFile(name: string, bytes: Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The zip's files: path in the folder → bytes. */
export function pluginFolder(
  sample: string,
  flavor: Flavor,
  files: Record<string, string>,
  config: string,
  wasm: Uint8Array | null,
): Record<string, Uint8Array> {
  const prefix = `/plugins/${sample}/`;
  const out: Record<string, Uint8Array> = {};
  for (const [path, text] of Object.entries(folderFiles)) {
    const at = path.indexOf(prefix);
    if (at < 0) continue;
    const rel = path.slice(at + prefix.length);
    // Generated or installed files are never part of a sample (the CLI's sample-files.ts skips
    // the same); the glob's exclusions do not reach every one of them.
    if (REPOSITORY_ONLY.has(rel) || rel === "CHANGELOG.md" || rel.split("/").some((part) => GENERATED.has(part)))
      continue;
    if (rel.startsWith("test/") && isSampleOnlyTest(text)) continue;
    if (rel === "package.json") {
      const versions = {
        "@gatewasm/sdk": sdkPackage.version,
        "@gatewasm/host": hostPackage.version,
        "@gatewasm/cli": cliPackage.version,
      };
      const pkg = standalonePackageJson(JSON.parse(text), versions, flavor);
      out[rel] = strToU8(`${JSON.stringify(pkg, null, 2)}\n`);
      // A new project starts its own history, as `gatewasm new` starts it.
      out["CHANGELOG.md"] = strToU8(`# ${String(pkg.name)}\n`);
    } else out[rel] = strToU8(text);
  }
  // The page's edits replace the sample's sources (a file the page dropped is dropped here too).
  for (const rel of Object.keys(out)) if (rel.startsWith("src/")) delete out[rel];
  for (const [name, text] of Object.entries(files)) out[`src/${name}`] = strToU8(text);
  out["config/playground.json"] = strToU8(config.endsWith("\n") ? config : `${config}\n`);
  out["vitest.config.ts"] = strToU8(VITEST_CONFIG);
  out[".gitignore"] = strToU8(GITIGNORE);
  if (wasm) out["build/plugin.wasm"] = wasm;
  return out;
}

export function zipFolder(name: string, files: Record<string, Uint8Array>): Uint8Array {
  const tree: Record<string, Uint8Array> = {};
  for (const [rel, bytes] of Object.entries(files)) tree[`${name}/${rel}`] = bytes;
  return zipSync(tree, { level: 6 });
}
