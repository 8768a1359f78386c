// `gatewasm new <name> --from <sample>`: plugins/<name> from a sample, ready to build and test.
import { existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseVerbArgs, usageError } from "../../args.js";
import { pnpm } from "../../pnpm.js";
import { findWorkspaceRoot, pluginFolders } from "../../plugin/workspace.js";
import { checkPluginName } from "./names.js";
import { restateSize, scaffold, type ScaffoldResult } from "./scaffold.js";

export const NEW_USAGE = `usage: gatewasm new <name> --from <sample> [--no-install] [--no-build]

Creates plugins/<name> in this gatewasm checkout from a sample plugin (hello-world, mock,
http-call, redis-ratelimit, or any folder under plugins/): package @gatewasm/plugin-<name>,
plugin name, spec.yaml and READMEs renamed, version 0.0.0, a fresh CHANGELOG.md and a first
changeset. Then runs \`pnpm install\` so the workspace links it, and builds it once so that its
READMEs state its own size. Its copied tests pass as they are:

  pnpm --filter @gatewasm/plugin-<name> build
  pnpm --filter @gatewasm/plugin-<name> test

  --from        the sample to copy
  --no-install  skip \`pnpm install\` and the build (run \`pnpm install\` yourself before building)
  --no-build    skip the first build`;

interface Setup {
  installed?: boolean;
  built?: { ok: boolean; size?: number; restated: string[] };
}

function report(r: ScaffoldResult, setup: Setup): string {
  const rel = (p: string) => relative(process.cwd(), p) || ".";
  const installed = setup.installed;
  const lines = [`created ${rel(r.dir)} (${r.names.packageName} 0.0.0)`, `created ${rel(r.changeset)}`];
  if (setup.built?.ok) {
    const restated = setup.built.restated.length > 0 ? `, now stated in ${setup.built.restated.join(", ")}` : "";
    lines.push(`built ${rel(join(r.dir, "build/plugin.wasm"))} (${setup.built.size?.toLocaleString("en-US")} bytes${restated})`);
  }
  if (setup.built?.ok === false) lines.push("", "the first build failed (output above): fix it, then build again.");
  if (installed === false) lines.push("", "pnpm install did not finish: run `pnpm install` in the repository root before building.");
  if (installed === undefined) lines.push("", "next: run `pnpm install` in the repository root, then build.");
  lines.push("", "build and test it:", `  pnpm --filter ${r.names.packageName} build`, `  pnpm --filter ${r.names.packageName} test`);
  if (r.review.size > 0) {
    lines.push("", "these lines still mention the sample (prose, identifiers); review them:");
    for (const [file, numbers] of r.review) lines.push(`  ${rel(`${r.dir}/${file}`)}: line${numbers.length > 1 ? "s" : ""} ${numbers.join(", ")}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * pnpm links the new package into the workspace; offline first, since nothing new is needed.
 * Adding a package always changes the lockfile, so the install must not be frozen: pnpm
 * freezes it by default when CI=true, which is how a contributor's CI would run this.
 */
function pnpmInstall(root: string): boolean {
  return pnpm(root, ["install", "--offline", "--no-frozen-lockfile"]) || pnpm(root, ["install", "--prefer-offline", "--no-frozen-lockfile"]);
}

function firstBuild(root: string, r: ScaffoldResult, sample: string): NonNullable<Setup["built"]> {
  if (!pnpm(root, ["--filter", r.names.packageName, "build"])) return { ok: false, restated: [] };
  const size = statSync(join(r.dir, "build/plugin.wasm")).size;
  const sampleBuild = join(root, "plugins", sample, "build/plugin.wasm");
  const restated = existsSync(sampleBuild) ? restateSize(r.dir, statSync(sampleBuild).size, size) : [];
  return { ok: true, size, restated };
}

export function newCommand(argv: string[]): number {
  const args = parseVerbArgs("new", NEW_USAGE, argv, { from: { type: "string" }, "no-install": { type: "boolean" }, "no-build": { type: "boolean" } });
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
  const setup: Setup = {};
  if (!values["no-install"]) {
    setup.installed = pnpmInstall(root);
    if (setup.installed && !values["no-build"]) setup.built = firstBuild(root, result, from);
  }
  process.stdout.write(report(result, setup));
  return setup.installed === false || setup.built?.ok === false ? 1 : 0;
}
