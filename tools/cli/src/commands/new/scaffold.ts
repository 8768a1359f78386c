// Creates plugins/<name> from a sample plugin folder: every file copied except build output and
// installed packages, names rewritten (rewrite.ts), version 0.0.0, a fresh CHANGELOG and a first
// changeset. Works for any folder under plugins/ that has a package.json and a spec.yaml.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { readPackageJson, DEFAULT_BUDGET } from "../../plugin/package-settings.js";
import { readSpec } from "../../plugin/spec-yaml.js";
import { pluginNames, type PluginNames } from "./names.js";
import { mentions, renameInCode, renameInText, rewritePackageJson, rewriteReadme, rewriteSpec } from "./rewrite.js";

/** Generated or installed: never copied into a new plugin. */
const SKIP = new Set(["node_modules", "build", "dist", ".turbo", ".reports", "coverage", "CHANGELOG.md"]);

export interface ScaffoldResult {
  dir: string;
  names: PluginNames;
  changeset: string;
  /** Lines that still mention the sample's name (prose, identifiers): file → line numbers. */
  review: Map<string, number[]>;
}

function isText(bytes: Buffer): boolean {
  return !bytes.includes(0) && Buffer.from(bytes.toString("utf8"), "utf8").equals(bytes);
}

function files(dir: string, under = ""): string[] {
  return readdirSync(join(dir, under), { withFileTypes: true }).flatMap((d) => {
    const rel = join(under, d.name);
    if (SKIP.has(d.name)) return [];
    return d.isDirectory() ? files(dir, rel) : d.isFile() ? [rel] : [];
  });
}

/** The names the sample goes by: its folder and package name; its spec.yaml title. */
function sampleNames(sampleDir: string): PluginNames {
  const folder = basename(sampleDir);
  const names = pluginNames(folder);
  const pkg = readPackageJson(join(sampleDir, "package.json"));
  const spec = readSpec(join(sampleDir, "spec.yaml"));
  return { ...names, packageName: pkg.name ?? names.packageName, title: spec.title ?? names.title };
}

export function scaffold(root: string, sample: string, name: string): ScaffoldResult {
  const sampleDir = join(root, "plugins", sample);
  const dir = join(root, "plugins", name);
  if (existsSync(dir)) throw new Error(`${relative(process.cwd(), dir) || dir} already exists`);
  const from = sampleNames(sampleDir);
  const to = pluginNames(name);
  const review = new Map<string, number[]>();

  mkdirSync(dir, { recursive: true });
  for (const rel of files(sampleDir)) {
    const src = join(sampleDir, rel);
    const dest = join(dir, rel);
    const bytes = readFileSync(src);
    if (!isText(bytes)) {
      cpSync(src, dest);
      continue;
    }
    const text = bytes.toString("utf8");
    const file = basename(rel);
    const out =
      rel === "package.json" ? rewritePackageJson(text, from, to, DEFAULT_BUDGET)
      : rel === "spec.yaml" ? rewriteSpec(text, from, to)
      : /^README(_[A-Za-z-]+)?\.md$/.test(file) ? rewriteReadme(text, from, to)
      : /\.(ts|js|mjs|cjs|json)$/.test(file) ? renameInCode(text, from, to)
      : renameInText(text, from, to);
    mkdirSync(join(dest, ".."), { recursive: true });
    writeFileSync(dest, out);
    const left = mentions(out, from.name);
    if (left.length > 0) review.set(rel, left);
  }
  writeFileSync(join(dir, "CHANGELOG.md"), `# ${to.packageName}\n`);

  const changeset = join(root, ".changeset", `new-plugin-${name}.md`);
  mkdirSync(join(root, ".changeset"), { recursive: true });
  writeFileSync(changeset, `---\n"${to.packageName}": minor\n---\n\nFirst version of the ${name} plugin, scaffolded from ${from.name}.\n`);
  return { dir, names: to, changeset, review };
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
