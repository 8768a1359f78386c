// Creates a plugin folder from a sample: every file copied except build output and installed
// packages, names rewritten (rewrite.ts), version 0.0.0, the sample's checks of its own release
// replaced by tests of the new plugin's (generated-tests.ts). In a checkout it becomes
// plugins/<name> with a fresh CHANGELOG and a first changeset; outside one, a standalone project
// (standalone.ts).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import type { Flavor } from "@gatewasm/host";
import { DEFAULT_BUDGET, isFlavor, readPackageJson } from "../../plugin/package-settings.js";
import { readSpec } from "../../plugin/spec-yaml.js";
import { BUILD_TEST, buildTest, copiedTestHeader, isSampleOnlyTest } from "./generated-tests.js";
import { pluginNames, type PluginNames } from "./names.js";
import { mentions, renameInCode, renameInText, rewritePackageJson, rewriteReadme, rewriteSpec } from "./rewrite.js";
import { sampleFiles } from "./sample-files.js";
import { GITIGNORE, REPOSITORY_ONLY, standalonePackageJson, VITEST_CONFIG } from "./standalone.js";

export interface ScaffoldOptions {
  /** The sample's folder: plugins/<sample> of a checkout, or one of the CLI's templates. */
  sampleDir: string;
  /** The folder to create. */
  dir: string;
  name: string;
  /** workspace: plugins/<name> of a checkout; standalone: a project of its own. */
  layout: "workspace" | "standalone";
  /** The host to build for; default the sample's. */
  flavor?: Flavor;
  /** standalone: exact versions for the sample's `workspace:` dependencies. */
  versions?: Record<string, string>;
  /** workspace: the checkout's root, where the changeset goes. */
  root?: string;
}

export interface ScaffoldResult {
  dir: string;
  names: PluginNames;
  flavor: Flavor;
  changeset?: string;
  /** Lines that still mention the sample (its name in any spelling): file → line numbers. */
  review: Map<string, number[]>;
}

function isText(bytes: Buffer): boolean {
  return !bytes.includes(0) && Buffer.from(bytes.toString("utf8"), "utf8").equals(bytes);
}

/** The names the sample goes by: its folder and package name; its spec.yaml title. */
function sampleNames(sampleDir: string): PluginNames {
  const names = pluginNames(basename(sampleDir));
  const pkg = readPackageJson(join(sampleDir, "package.json"));
  const spec = readSpec(join(sampleDir, "spec.yaml"));
  return { ...names, packageName: pkg.name ?? names.packageName, title: spec.title ?? names.title };
}

const isTest = (rel: string) => /^test\/.*\.test\.ts$/.test(rel.split("\\").join("/"));
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function scaffold(o: ScaffoldOptions): ScaffoldResult {
  if (existsSync(o.dir)) throw new Error(`${relative(process.cwd(), o.dir) || o.dir} already exists`);
  const from = sampleNames(o.sampleDir);
  const to = pluginNames(o.name, o.layout);
  const samplePkg = readPackageJson(join(o.sampleDir, "package.json"));
  const flavor = o.flavor ?? (isFlavor(samplePkg.gatewasm?.flavor) ? samplePkg.gatewasm.flavor : "envoy");
  const standalone = o.layout === "standalone";
  // In a standalone project, paths into the repository's plugins/<sample> are paths in the
  // project, and the repository's `pnpm --filter <package> build` is the project's `npm run build`.
  const rename = (text: string, code: boolean) => {
    const own = standalone
      ? text.replaceAll(`pnpm --filter ${from.packageName} `, "npm run ").replaceAll(`plugins/${from.name}/`, "")
      : text;
    return code ? renameInCode(own, from, to) : renameInText(own, from, to);
  };
  const written = new Map<string, string | Buffer>();

  for (const rel of sampleFiles(o.sampleDir)) {
    if (standalone && REPOSITORY_ONLY.has(rel)) continue;
    const bytes = readFileSync(join(o.sampleDir, rel));
    if (!isText(bytes)) {
      written.set(rel, bytes);
      continue;
    }
    const text = bytes.toString("utf8");
    if (isTest(rel) && isSampleOnlyTest(text)) continue;
    const file = basename(rel);
    if (rel === "package.json") {
      const pkg = rewritePackageJson(text, from, to, DEFAULT_BUDGET, o.flavor);
      written.set(rel, json(standalone ? standalonePackageJson(pkg, o.versions ?? {}, flavor) : pkg));
    } else if (rel === "spec.yaml") written.set(rel, rewriteSpec(text, from, to));
    else if (/^README(_[A-Za-z-]+)?\.md$/.test(file)) written.set(rel, rewriteReadme(rename(text, false), from, to));
    else if (isTest(rel)) written.set(rel, copiedTestHeader(from.name, to.name) + rename(text, true));
    else written.set(rel, rename(text, /\.(ts|js|mjs|cjs|json)$/.test(file)));
  }
  written.set(BUILD_TEST, buildTest(to));
  if (standalone) {
    written.set("vitest.config.ts", VITEST_CONFIG);
    written.set(".gitignore", GITIGNORE);
  }
  written.set("CHANGELOG.md", `# ${to.packageName}\n`);

  const review = new Map<string, number[]>();
  for (const [rel, content] of [...written].sort(([a], [b]) => (a < b ? -1 : 1))) {
    mkdirSync(join(o.dir, rel, ".."), { recursive: true });
    writeFileSync(join(o.dir, rel), content);
    const left = typeof content === "string" ? mentions(content, from.name) : [];
    if (left.length > 0) review.set(rel, left);
  }

  let changeset: string | undefined;
  if (!standalone && o.root) {
    changeset = join(o.root, ".changeset", `new-plugin-${o.name}.md`);
    mkdirSync(join(o.root, ".changeset"), { recursive: true });
    writeFileSync(
      changeset,
      `---\n"${to.packageName}": minor\n---\n\nFirst version of the ${o.name} plugin, scaffolded from ${from.name}.\n`,
    );
  }
  return { dir: o.dir, names: to, flavor, changeset, review };
}

/**
 * READMEs state the release build's size (a sample's tests may check it). Once the new plugin is
 * built, its READMEs say its own size where they said the sample's.
 */
export function restateSize(dir: string, sampleSize: number, size: number): string[] {
  const before = sampleSize.toLocaleString("en-US");
  const after = size.toLocaleString("en-US");
  const changed: string[] = [];
  for (const file of readdirSync(dir).filter((f) => /^README(_[A-Za-z-]+)?\.md$/.test(f))) {
    const text = readFileSync(join(dir, file), "utf8");
    if (!text.includes(before)) continue;
    writeFileSync(join(dir, file), text.replaceAll(before, after));
    changed.push(file);
  }
  return changed;
}
