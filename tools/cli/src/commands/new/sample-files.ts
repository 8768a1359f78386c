// Where samples come from: plugins/* of a gatewasm checkout, or, outside one, the copies of them
// that the CLI's build puts in dist/templates/ (scripts/copy-templates.mjs), with the versions of
// the packages a standalone project needs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Generated or installed: never part of a sample (scripts/copy-templates.mjs skips the same). */
const SKIP = new Set(["node_modules", "build", "dist", ".turbo", ".reports", "coverage", "CHANGELOG.md"]);

/** dist/templates of this CLI (this file is dist/commands/new/sample-files.js once built). */
export const TEMPLATES = fileURLToPath(new URL("../../templates", import.meta.url));

/** A sample's files, relative to its folder, without build output and installed packages. */
export function sampleFiles(dir: string, under = ""): string[] {
  return readdirSync(join(dir, under), { withFileTypes: true })
    .flatMap((d) => {
      const rel = join(under, d.name);
      if (SKIP.has(d.name)) return [];
      return d.isDirectory() ? sampleFiles(dir, rel) : d.isFile() ? [rel] : [];
    })
    .sort();
}

/** Sample names in a folder of plugins (each has a package.json and a spec.yaml). */
export function samplesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter(
      (d) =>
        d.isDirectory() && existsSync(join(dir, d.name, "package.json")) && existsSync(join(dir, d.name, "spec.yaml")),
    )
    .map((d) => d.name)
    .sort();
}

/** Exact versions of @gatewasm/sdk, host and cli that this CLI was built with. */
export function packageVersions(): Record<string, string> {
  const file = join(TEMPLATES, "versions.json");
  if (!existsSync(file))
    throw new Error(`${file} is missing: this @gatewasm/cli was built without its templates (run its build)`);
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
}
