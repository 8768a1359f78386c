// `gatewasm new <name> --from <sample>`: plugins/<name> from a sample, ready to build and test.
import { spawnSync } from "node:child_process";
import { relative } from "node:path";
import { parseVerbArgs, usageError } from "../../args.js";
import { findWorkspaceRoot, pluginFolders } from "../../plugin/workspace.js";
import { checkPluginName } from "./names.js";
import { scaffold, type ScaffoldResult } from "./scaffold.js";

export const NEW_USAGE = `usage: gatewasm new <name> --from <sample> [--no-install]

Creates plugins/<name> in this gatewasm checkout from a sample plugin (hello-world, mock,
http-call, redis-ratelimit, or any folder under plugins/): package @gatewasm/plugin-<name>,
plugin name, spec.yaml and READMEs renamed, version 0.0.0, a fresh CHANGELOG.md and a first
changeset. Then runs \`pnpm install\` so the workspace links it. Its copied tests pass as they are:

  pnpm --filter @gatewasm/plugin-<name> build
  pnpm --filter @gatewasm/plugin-<name> test

  --from        the sample to copy
  --no-install  skip \`pnpm install\` (run it yourself before building)`;

function report(r: ScaffoldResult, installed: boolean | undefined): string {
  const rel = (p: string) => relative(process.cwd(), p) || ".";
  const lines = [`created ${rel(r.dir)} (${r.names.packageName} 0.0.0)`, `created ${rel(r.changeset)}`];
  if (installed === false) lines.push("", "pnpm install did not finish: run `pnpm install` in the repository root before building.");
  if (installed === undefined) lines.push("", "next: run `pnpm install` in the repository root, then build.");
  lines.push("", "build and test it:", `  pnpm --filter ${r.names.packageName} build`, `  pnpm --filter ${r.names.packageName} test`);
  if (r.review.size > 0) {
    lines.push("", "these lines still mention the sample (prose, identifiers); review them:");
    for (const [file, numbers] of r.review) lines.push(`  ${rel(`${r.dir}/${file}`)}: line${numbers.length > 1 ? "s" : ""} ${numbers.join(", ")}`);
  }
  return `${lines.join("\n")}\n`;
}

/** pnpm links the new package into the workspace; offline first, since nothing new is needed. */
function pnpmInstall(root: string): boolean {
  const pnpm = process.env.npm_execpath?.includes("pnpm") ? [process.execPath, process.env.npm_execpath] : ["pnpm"];
  for (const mode of ["--offline", "--prefer-offline"]) {
    const r = spawnSync(pnpm[0], [...pnpm.slice(1), "install", mode], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (r.status === 0) return true;
  }
  return false;
}

export function newCommand(argv: string[]): number {
  const args = parseVerbArgs("new", NEW_USAGE, argv, { from: { type: "string" }, "no-install": { type: "boolean" } });
  if (typeof args === "number") return args;
  const { values, positionals } = args;
  if (positionals.length !== 1) return usageError("new", NEW_USAGE, "give the new plugin's name");
  const name = positionals[0];
  const problem = checkPluginName(name);
  if (problem) return usageError("new", NEW_USAGE, problem);

  const root = findWorkspaceRoot();
  if (!root) {
    process.stderr.write("gatewasm new: run it inside a gatewasm checkout (a folder with pnpm-workspace.yaml and plugins/); see CONTRIBUTING.md\n");
    return 1;
  }
  const samples = pluginFolders(root);
  const from = values.from;
  if (typeof from !== "string") return usageError("new", NEW_USAGE, `--from: pick a sample: ${samples.join(", ")}`);
  if (!samples.includes(from)) return usageError("new", NEW_USAGE, `--from ${from}: no such sample; pick one of ${samples.join(", ")}`);

  let result: ScaffoldResult;
  try {
    result = scaffold(root, from, name);
  } catch (e) {
    process.stderr.write(`gatewasm new: ${(e as Error).message}\n`);
    return 1;
  }
  const installed = values["no-install"] ? undefined : pnpmInstall(root);
  process.stdout.write(report(result, installed));
  return installed === false ? 1 : 0;
}
