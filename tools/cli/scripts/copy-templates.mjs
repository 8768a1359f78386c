// Part of the CLI's build: copies every sample plugin's sources (plugins/*) into dist/templates/,
// so `gatewasm new` works outside a checkout from the npm package alone, and records the versions
// of the packages a standalone project depends on. test/templates.test.ts keeps the copies
// identical to plugins/*.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("..", import.meta.url));
const root = join(cli, "../..");
const out = join(cli, "dist/templates");

/** Generated or installed: never part of a sample (the same list as src/commands/new/sample-files.ts). */
const SKIP = new Set(["node_modules", "build", "dist", ".turbo", ".reports", "coverage", "CHANGELOG.md"]);

const version = (dir) => JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")).version;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const samples = readdirSync(join(root, "plugins"), { withFileTypes: true })
  .filter(
    (d) =>
      d.isDirectory() &&
      existsSync(join(root, "plugins", d.name, "package.json")) &&
      existsSync(join(root, "plugins", d.name, "spec.yaml")),
  )
  .map((d) => d.name)
  .sort();
for (const sample of samples) {
  cpSync(join(root, "plugins", sample), join(out, sample), {
    recursive: true,
    filter: (src) => !SKIP.has(src.split(/[\\/]/).at(-1)),
  });
}
writeFileSync(
  join(out, "versions.json"),
  `${JSON.stringify(
    {
      "@gatewasm/sdk": version("packages/sdk"),
      "@gatewasm/host": version("packages/host"),
      "@gatewasm/cli": version("tools/cli"),
    },
    null,
    2,
  )}\n`,
);
console.log(`dist/templates: ${samples.join(", ")}`);
