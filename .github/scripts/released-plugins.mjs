// Reads `pnpm publish -r --report-summary`'s pnpm-publish-summary.json and prints, for the
// release workflow, `plugins=<folder>:<version> …` for each published plugin, the version taken
// from its spec.yaml (the version Higress's console shows, and the image's tag).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const summary = process.argv[2];
const published = existsSync(summary) ? (JSON.parse(readFileSync(summary, "utf8")).publishedPackages ?? []) : [];
const plugins = [];
for (const { name } of published) {
  if (!name.startsWith("@gatewasm/plugin-")) continue;
  const folder = name.slice("@gatewasm/plugin-".length);
  const spec = readFileSync(join("plugins", folder, "spec.yaml"), "utf8");
  const version = /^info:\n(?:(?: {2}.*)?\n)*? {2}version: *["']?([^"'\s]+)/m.exec(spec)?.[1];
  if (!version) throw new Error(`plugins/${folder}/spec.yaml: no info.version`);
  plugins.push(`${folder}:${version}`);
}
console.log(`plugins=${plugins.join(" ")}`);
