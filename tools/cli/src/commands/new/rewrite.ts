// How a sample's files are renamed for a new plugin. Only places that name the plugin change:
// its package name, its folder path, the plugin name as a whole quoted string or YAML value, the
// README heading and front-matter title, and spec.yaml's info. A sample's name is often also an
// ordinary word ("mock"), so prose and identifiers are left alone and listed for review instead.
import { isMap, parseDocument } from "yaml";
import { nameVariants, type PluginNames } from "./names.js";

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Not part of a longer name on either side (letters, digits, `_`, `-`, and `.` before it). */
const standalone = (name: string) => new RegExp(`(?<![A-Za-z0-9_.\\-])${escapeRegExp(name)}(?![A-Za-z0-9_\\-])`, "g");

/** Starts the README line that says where the plugin came from. */
const NOTE_START = "<!-- Scaffolded from the";
/** Marks the lines `gatewasm new` writes about the sample (not leftovers to review). */
export const SCAFFOLD_MARK = "by `gatewasm new`";

/** The renames every text file gets. */
export function renameInText(text: string, from: PluginNames, to: PluginNames): string {
  const n = escapeRegExp(from.name);
  const renamed = text
    .replace(new RegExp(`${escapeRegExp(from.packageName)}(?![A-Za-z0-9_\\-])`, "g"), to.packageName)
    .replace(new RegExp(`(?<=plugins/)${n}(?![A-Za-z0-9_\\-])`, "g"), to.name)
    // The name as a whole string literal: setCtx("mock", …), "name": "mock", expectations in tests.
    .replace(new RegExp(`(["'\`])${n}\\1`, "g"), `$1${to.name}$1`)
    // The name as a whole YAML value: envoy.yaml's `name: mock`, `root_id: mock`.
    .replace(new RegExp(`^(\\s*(?:- )?[\\w.@"-]+:\\s+)${n}\\s*$`, "gm"), `$1${to.name}`);
  // A name with a dash is no English word: every standalone mention is the plugin.
  return from.name.includes("-") ? renamed.replace(standalone(from.name), to.name) : renamed;
}

/** A string literal on one line: '…', "…" or `…`, with escapes. */
const STRING_LITERAL = /(["'`])((?:\\.|(?!\1)[^\\\n])*)\1/g;

/**
 * Code and JSON: the renames, and the name inside string literals too ("[mock] configuration
 * rejected", "Unable to create Wasm HTTP filter mock"): such strings are what the plugin logs
 * and what its tests expect, and both change together.
 */
export function renameInCode(text: string, from: PluginNames, to: PluginNames): string {
  const name = standalone(from.name);
  return renameInText(text, from, to).replace(STRING_LITERAL, (literal) => literal.replace(name, to.name));
}

/** README*.md: the renames, the front-matter title, the top heading, and a note on where it came from. */
export function rewriteReadme(text: string, from: PluginNames, to: PluginNames): string {
  let out = renameInText(text, from, to);
  // Front matter is the block between the "---" lines that open the file (Higress's READMEs).
  const frontMatter = /^---\n[\s\S]*?\n---\n/.exec(out)?.[0];
  if (frontMatter) out = frontMatter.replace(/^title:.*$/m, `title: ${to.title}`) + out.slice(frontMatter.length);
  return out.replace(
    // The dashed-name rename may already have renamed the heading.
    new RegExp(`^# (?:${escapeRegExp(from.name)}|${escapeRegExp(to.name)})[ \\t]*$`, "m"),
    `# ${to.name}\n\n${NOTE_START} ${from.name} sample by \`gatewasm new\`: describe what ${to.name} does, its configuration and its sizes. -->\n`,
  );
}

/** spec.yaml: info.name, title (every language) and version; comments and layout are kept. */
export function rewriteSpec(text: string, from: PluginNames, to: PluginNames): string {
  const doc = parseDocument(renameInText(text, from, to));
  doc.setIn(["info", "name"], to.name);
  doc.setIn(["info", "title"], to.title);
  const i18n = doc.getIn(["info", "x-title-i18n"], true);
  if (isMap(i18n)) for (const pair of i18n.items) pair.value = doc.createNode(to.title);
  doc.setIn(["info", "version"], "0.0.0");
  return doc.toString({ lineWidth: 0 });
}

/** package.json: name, version 0.0.0, a description to fill in, a budget for a grown plugin, the flavor asked for. */
export function rewritePackageJson(
  text: string,
  from: PluginNames,
  to: PluginNames,
  minBudget: number,
  flavor?: string,
): Record<string, unknown> {
  const pkg = JSON.parse(renameInText(text, from, to)) as Record<string, unknown> & {
    gatewasm?: { flavor?: string; budget?: number };
  };
  pkg.name = to.packageName;
  pkg.version = "0.0.0";
  pkg.description = `proxy-wasm plugin ${to.name}: describe what it does.`;
  // hello-world's 8 KB budget is a goal for hello-world, not for what a fork grows into.
  const settings = { ...pkg.gatewasm, budget: Math.max(pkg.gatewasm?.budget ?? 0, minBudget) };
  if (flavor) settings.flavor = flavor;
  pkg.gatewasm = settings;
  return pkg;
}

/**
 * 1-based numbers of the lines that still mention the sample: its name in any spelling
 * (hello-world, "hello world", HelloWorld, any case), except the lines `gatewasm new` wrote.
 */
export function mentions(text: string, name: string): number[] {
  const re = new RegExp(
    `(?<![A-Za-z0-9_.\\-])(?:${nameVariants(name).map(escapeRegExp).join("|")})(?![A-Za-z0-9_\\-])`,
    "i",
  );
  return text.split("\n").flatMap((line, i) => (re.test(line) && !line.includes(SCAFFOLD_MARK) ? [i + 1] : []));
}
