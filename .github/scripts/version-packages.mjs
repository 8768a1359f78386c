// The release workflow's version step: `changeset version` (versions and CHANGELOGs), then each
// plugin's spec.yaml info.version set to its package version, as `gatewasm release` does, so the
// image tag, the console's version and the npm version agree.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

execFileSync("pnpm", ["exec", "changeset", "version"], { stdio: "inherit" });

for (const plugin of readdirSync("plugins")) {
  const spec = join("plugins", plugin, "spec.yaml");
  const pkg = join("plugins", plugin, "package.json");
  if (!existsSync(spec) || !existsSync(pkg)) continue;
  const { version } = JSON.parse(readFileSync(pkg, "utf8"));
  const text = readFileSync(spec, "utf8");
  // info.version is the one two-space-indented `version:` under `info:` in Higress's spec.yaml.
  const updated = text.replace(/^(info:\n(?:(?: {2}.*)?\n)*? {2}version: ).*$/m, `$1${version}`);
  if (updated === text && !new RegExp(`^ {2}version: ${version.replaceAll(".", "\\.")}$`, "m").test(text)) {
    throw new Error(`${spec}: no info.version to set to ${version}`);
  }
  writeFileSync(spec, updated);
}
