// `gatewasm new <name> --from <sample>`: in a gatewasm checkout, plugins/<name> from one of its
// plugins, installed and built; anywhere else, a standalone project ./<name> from the samples
// shipped in this package, ready for `npm install`, `npm run build` and `npm test`.
import { existsSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseVerbArgs, usageError } from "../../args.js";
import { isFlavor } from "../../plugin/package-settings.js";
import { pnpm } from "../../pnpm.js";
import { findGatewasmCheckout, pluginFolders } from "../../plugin/workspace.js";
import { checkPluginName } from "./names.js";
import { packageVersions, samplesIn, TEMPLATES } from "./sample-files.js";
import { restateSize, scaffold, type ScaffoldResult } from "./scaffold.js";

export const NEW_USAGE = `usage: gatewasm new <name> --from <sample> [--flavor envoy|higress] [--no-install] [--no-build]

Makes a plugin from a sample (hello-world, mock, http-call, redis-ratelimit): names rewritten
(package, plugin name, spec.yaml, envoy.yaml, READMEs), version 0.0.0, the sample's tests kept
with a header saying they describe the sample, and a test of the new plugin's own release build
(its budget and flavor from package.json "gatewasm"). Lines that still mention the sample are
listed at the end for review.

Outside a gatewasm checkout: creates ./<name>, a standalone project with exact versions of
@gatewasm/sdk, @gatewasm/host, @gatewasm/cli, assemblyscript and vitest, and the scripts build,
test, dev (the local gateway) and pack (its OCI image):

  cd <name> && npm install && npm run build && npm test

In a gatewasm checkout: creates plugins/<name> (@gatewasm/plugin-<name>) from any folder under
plugins/, with a fresh CHANGELOG.md and a first changeset, runs \`pnpm install\` so the workspace
links it, and builds it once so that its READMEs state its own size:

  pnpm --filter @gatewasm/plugin-<name> build
  pnpm --filter @gatewasm/plugin-<name> test

  --from        the sample to copy
  --flavor      the host it must load on, written to package.json "gatewasm".flavor:
                envoy (stock Envoy) or higress (adds the Redis calls); default the sample's
  --no-install  in a checkout: skip \`pnpm install\` and the build
  --no-build    in a checkout: skip the first build`;

interface Setup {
  installed?: boolean;
  built?: { ok: boolean; size?: number; restated: string[] };
}

const rel = (p: string) => relative(process.cwd(), p) || ".";

function reviewLines(r: ScaffoldResult): string[] {
  if (r.review.size === 0) return [];
  const lines = ["", "these lines still mention the sample (its behaviour, prose, identifiers); review them:"];
  for (const [file, numbers] of r.review)
    lines.push(`  ${rel(join(r.dir, file))}: line${numbers.length > 1 ? "s" : ""} ${numbers.join(", ")}`);
  return lines;
}

function workspaceReport(r: ScaffoldResult, setup: Setup): string {
  const lines = [`created ${rel(r.dir)} (${r.names.packageName} 0.0.0, flavor ${r.flavor})`];
  if (r.changeset) lines.push(`created ${rel(r.changeset)}`);
  if (setup.built?.ok) {
    const restated = setup.built.restated.length > 0 ? `, now stated in ${setup.built.restated.join(", ")}` : "";
    lines.push(
      `built ${rel(join(r.dir, "build/plugin.wasm"))} (${setup.built.size?.toLocaleString("en-US")} bytes${restated})`,
    );
  }
  if (setup.built?.ok === false) {
    lines.push(
      "",
      `the first build failed (output above): fix it, then build again. If the plugin uses Redis, it needs`,
      `"flavor": "higress" in ${rel(join(r.dir, "package.json"))} "gatewasm" (or: gatewasm new --flavor higress).`,
    );
  }
  if (setup.installed === false)
    lines.push("", "pnpm install did not finish: run `pnpm install` in the repository root before building.");
  if (setup.installed === undefined) lines.push("", "next: run `pnpm install` in the repository root, then build.");
  lines.push(
    "",
    "build and test it:",
    `  pnpm --filter ${r.names.packageName} build`,
    `  pnpm --filter ${r.names.packageName} test`,
  );
  return `${[...lines, ...reviewLines(r)].join("\n")}\n`;
}

function standaloneReport(r: ScaffoldResult, sample: string): string {
  const lines = [
    `created ${rel(r.dir)}: ${r.names.packageName} 0.0.0 from the ${sample} sample, for ${r.flavor} (package.json "gatewasm".flavor)`,
    "",
    "next:",
    `  cd ${rel(r.dir)}`,
    "  npm install",
    "  npm run build      # build/plugin.wasm, checked as `gatewasm doctor` does",
    "  npm test           # its tests, run on the build in the Node host",
    "  npm run dev        # the local gateway on 127.0.0.1:10000 (add -- --cluster httpbin=127.0.0.1:8080)",
    `  npm run pack -- --tag registry.example.com/plugins/${r.names.name}:0.0.0   # its OCI image`,
  ];
  return `${[...lines, ...reviewLines(r)].join("\n")}\n`;
}

/**
 * pnpm links the new package into the workspace; offline first, since nothing new is needed.
 * Adding a package always changes the lockfile, so the install must not be frozen: pnpm
 * freezes it by default when CI=true, which is how a contributor's CI would run this.
 */
function pnpmInstall(root: string): boolean {
  return (
    pnpm(root, ["install", "--offline", "--no-frozen-lockfile"]) ||
    pnpm(root, ["install", "--prefer-offline", "--no-frozen-lockfile"])
  );
}

function firstBuild(root: string, r: ScaffoldResult, sample: string): NonNullable<Setup["built"]> {
  if (!pnpm(root, ["--filter", r.names.packageName, "build"])) return { ok: false, restated: [] };
  const size = statSync(join(r.dir, "build/plugin.wasm")).size;
  const sampleBuild = join(root, "plugins", sample, "build/plugin.wasm");
  const restated = existsSync(sampleBuild) ? restateSize(r.dir, statSync(sampleBuild).size, size) : [];
  return { ok: true, size, restated };
}

export function newCommand(argv: string[]): number {
  const args = parseVerbArgs("new", NEW_USAGE, argv, {
    from: { type: "string" },
    flavor: { type: "string" },
    "no-install": { type: "boolean" },
    "no-build": { type: "boolean" },
  });
  if (typeof args === "number") return args;
  const { values, positionals } = args;
  if (positionals.length !== 1) return usageError("new", NEW_USAGE, "give the new plugin's name");
  const name = positionals[0];
  const problem = checkPluginName(name);
  if (problem) return usageError("new", NEW_USAGE, problem);
  const flavor = values.flavor;
  if (flavor !== undefined && !isFlavor(flavor))
    return usageError("new", NEW_USAGE, `--flavor ${String(flavor)}: expected envoy or higress`);

  const root = findGatewasmCheckout();
  const samplesDir = root ? join(root, "plugins") : TEMPLATES;
  const samples = root ? pluginFolders(root) : samplesIn(TEMPLATES);
  const from = values.from;
  if (typeof from !== "string") return usageError("new", NEW_USAGE, `--from: pick a sample: ${samples.join(", ")}`);
  if (!samples.includes(from))
    return usageError("new", NEW_USAGE, `--from ${from}: no such sample; pick one of ${samples.join(", ")}`);

  let result: ScaffoldResult;
  try {
    result = root
      ? scaffold({
          sampleDir: join(samplesDir, from),
          dir: join(root, "plugins", name),
          name,
          layout: "workspace",
          flavor,
          root,
        })
      : scaffold({
          sampleDir: join(samplesDir, from),
          dir: resolve(name),
          name,
          layout: "standalone",
          flavor,
          versions: packageVersions(),
        });
  } catch (e) {
    process.stderr.write(`gatewasm new: ${(e as Error).message}\n`);
    return 1;
  }
  if (!root) {
    process.stdout.write(standaloneReport(result, from));
    return 0;
  }
  const setup: Setup = {};
  if (!values["no-install"]) {
    setup.installed = pnpmInstall(root);
    if (setup.installed && !values["no-build"]) setup.built = firstBuild(root, result, from);
  }
  process.stdout.write(workspaceReport(result, setup));
  return setup.installed === false || setup.built?.ok === false ? 1 : 0;
}
