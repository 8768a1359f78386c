// `gatewasm release`: one command from pending changesets to a tagged release, local only.
// changeset version (versions, CHANGELOGs) → spec.yaml versions → build of what was released
// (each plugin build ends with doctor) → OCI layouts in dist/oci/<plugin>/ → one release commit
// → a tag <package>@<version> per released package. Pushing and publishing stay with the user.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseDocument } from "yaml";
import { parseVerbArgs, usageError } from "../../args.js";
import { pnpm } from "../../pnpm.js";
import { findWorkspaceRoot } from "../../plugin/workspace.js";
import { packPlugin } from "../pack/pack.js";
import { commitAll, existingTags, tag, uncommitted } from "./git.js";
import { publishedPackages, released, type WorkspacePackage } from "./versions.js";

export const RELEASE_USAGE = `usage: gatewasm release [--registry HOST/PATH]

For maintainers, in a gatewasm checkout with a clean git tree and pending changesets:
  1. changeset version: bumps versions and writes CHANGELOG.md for each package a changeset names
  2. sets spec.yaml info.version of each released plugin to its new version
  3. builds the released packages (turbo; plugin builds end with gatewasm doctor)
  4. packs each released plugin as an OCI image layout in dist/oci/<plugin>/ (gatewasm pack)
  5. commits "release: …" and tags it <package>@<version> for each released package
Nothing is pushed or published. Then:
  git push --follow-tags
  pnpm publish -r --access public
  oras cp --from-oci-layout dist/oci/<plugin>:<version> <registry>/<plugin>:<version>

  --registry   where the images will be pushed, e.g. registry.example.com/plugins: the layouts'
               WasmPlugin resources then pull <registry>/<plugin>:<version>`;

function fail(message: string): number {
  process.stderr.write(`gatewasm release: ${message}\n`);
  return 1;
}

function setSpecVersion(file: string, version: string): void {
  const doc = parseDocument(readFileSync(file, "utf8"));
  doc.setIn(["info", "version"], version);
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
}

const tagName = (p: WorkspacePackage) => `${p.name}@${p.version}`;

export function releaseCommand(argv: string[]): number {
  const args = parseVerbArgs("release", RELEASE_USAGE, argv, { registry: { type: "string" } });
  if (typeof args === "number") return args;
  if (args.positionals.length > 0)
    return usageError("release", RELEASE_USAGE, `unexpected ${args.positionals.join(" ")}`);
  const registry = (args.values.registry as string | undefined)?.replace(/\/+$/, "");

  const root = findWorkspaceRoot();
  if (!root) return fail("run it inside a gatewasm checkout");
  const dirty = uncommitted(root);
  // The release commit must hold the release and nothing else.
  if (dirty.length > 0) return fail(`commit or stash your changes first:\n${dirty.map((l) => `  ${l}`).join("\n")}`);

  process.env.TURBO_TELEMETRY_DISABLED ??= "1";
  const before = publishedPackages(root);
  if (!pnpm(root, ["exec", "changeset", "version"])) return fail("changeset version failed (output above)");
  const bumped = released(before, publishedPackages(root));
  if (bumped.length === 0) {
    process.stdout.write("no pending changesets: nothing to release\n");
    return 0;
  }
  const clash = existingTags(root, bumped.map(tagName));
  if (clash.length > 0)
    return fail(
      `tags already exist: ${clash.join(", ")} (the versions are bumped but uncommitted; \`git checkout .\` undoes that)`,
    );

  const plugins = bumped.filter((p) => existsSync(join(p.path, "spec.yaml")));
  for (const p of plugins) setSpecVersion(join(p.path, "spec.yaml"), p.version);

  const filters = bumped.flatMap((p) => ["--filter", p.name]);
  if (!pnpm(root, ["exec", "turbo", "run", "build", ...filters])) {
    return fail(
      "the build failed (output above); the version bumps are uncommitted: fix and run again, or `git checkout . && git clean -fd .changeset` to undo",
    );
  }

  const layouts: string[] = [];
  for (const p of plugins) {
    const name = relative(join(root, "plugins"), p.path);
    const out = join(root, "dist", "oci", name);
    try {
      const r = packPlugin(p.path, { out, tag: `${registry ? `${registry}/` : ""}${name}:${p.version}` });
      layouts.push(`  ${relative(root, r.out)}  ${r.image}  ${r.written.manifest.digest}`);
    } catch (e) {
      return fail(`packing ${p.name}: ${(e as Error).message}`);
    }
  }

  const commit = commitAll(root, `release: ${bumped.map(tagName).join(", ")}`);
  for (const p of bumped) tag(root, tagName(p));

  const lines = [
    `released ${bumped.length} package${bumped.length > 1 ? "s" : ""} in ${commit.slice(0, 12)}:`,
    ...bumped.map((p) => `  ${tagName(p)}`),
    ...(layouts.length > 0 ? ["OCI image layouts:", ...layouts] : []),
    "",
    "nothing was pushed; when ready:",
    "  git push --follow-tags",
    "  pnpm publish -r --access public",
    ...plugins.map((p) => {
      const name = relative(join(root, "plugins"), p.path);
      return `  oras cp --from-oci-layout dist/oci/${name}:${p.version} ${registry ?? "<registry>"}/${name}:${p.version}`;
    }),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}
