// `gatewasm docs [plugin-dir] [--check]`: writes the configuration table of README.md and
// README_ZH.md from spec.yaml's configSchema, the one place the keys are described. The table
// sits between two markers; `--check` changes nothing and exits 1 if a README differs from
// what spec.yaml gives (a plugin test runs it, so a README cannot drift).
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";

export const DOCS_USAGE = `usage: gatewasm docs [plugin-dir] [--check]

Writes the configuration table of README.md and README_ZH.md (between the markers
${"<!-- config-table:begin -->"} and ${"<!-- config-table:end -->"}) from spec.yaml's
configSchema.openAPIV3Schema: key, type (with enum and range), required, default, and the
description (x-description-i18n.zh-CN for README_ZH.md).

  --check   change nothing; exit 1 naming each README whose table differs from spec.yaml`;

const BEGIN = "<!-- config-table:begin (generated from spec.yaml by `gatewasm docs`; edit spec.yaml) -->";
const BEGIN_PREFIX = "<!-- config-table:begin";
const END = "<!-- config-table:end -->";

interface Property {
  type?: string;
  oneOf?: Property[];
  items?: Property;
  additionalProperties?: Property;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  description?: string;
  "x-description-i18n"?: Record<string, string>;
}

interface Language {
  file: string;
  header: string[];
  yes: string;
  no: string;
  or: string;
  description: (p: Property) => string;
}

const LANGUAGES: Language[] = [
  {
    file: "README.md",
    header: ["key", "type", "required", "default", "description"],
    yes: "yes",
    no: "no",
    or: " or ",
    description: (p) => p.description ?? "",
  },
  {
    file: "README_ZH.md",
    header: ["键", "类型", "必填", "默认值", "说明"],
    yes: "是",
    no: "否",
    or: " 或 ",
    description: (p) => p["x-description-i18n"]?.["zh-CN"] ?? p.description ?? "",
  },
];

/** A table cell: one line, with `|` escaped. */
function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
}

function typeText(p: Property, lang: Language): string {
  if (p.oneOf) return p.oneOf.map((o) => typeText(o, lang)).join(lang.or);
  let t = p.type ?? "any";
  if (t === "array" && p.items) t = `${typeText(p.items, lang)}[]`;
  if (t === "object" && p.additionalProperties) t = `object (name → ${typeText(p.additionalProperties, lang)})`;
  if (p.enum) t += `: ${p.enum.map((v) => `\`${String(v)}\``).join(", ")}`;
  if (p.minimum !== undefined && p.maximum !== undefined) t += `, ${p.minimum}–${p.maximum}`;
  else if (p.minimum !== undefined) t += `, ≥ ${p.minimum}`;
  else if (p.maximum !== undefined) t += `, ≤ ${p.maximum}`;
  return t;
}

/** The markdown table of a spec.yaml's configSchema, in one language. */
function configTable(specText: string, lang: Language): string {
  const spec = parse(specText) as {
    spec?: { configSchema?: { openAPIV3Schema?: { properties?: Record<string, Property>; required?: string[] } } };
  };
  const schema = spec?.spec?.configSchema?.openAPIV3Schema ?? {};
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties ?? {}).map(([key, p]) =>
    [
      `\`${key}\``,
      typeText(p, lang),
      required.has(key) ? lang.yes : lang.no,
      p.default !== undefined ? `\`${JSON.stringify(p.default)}\`` : "",
      lang.description(p),
    ].map(cell),
  );
  const lines = [lang.header, lang.header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`);
  return lines.join("\n");
}

/** The README text with its table replaced; null if it has no markers. */
function withConfigTable(readme: string, table: string): string | null {
  const begin = readme.indexOf(BEGIN_PREFIX);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) return null;
  return `${readme.slice(0, begin)}${BEGIN}\n${table}\n${readme.slice(end)}`;
}

export function docsCommand(argv: string[]): number {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${DOCS_USAGE}\n`);
    return 0;
  }
  const check = argv.includes("--check");
  const unknown = argv.filter((a) => a.startsWith("-") && a !== "--check");
  if (unknown.length > 0) {
    process.stderr.write(`gatewasm docs: unknown option ${unknown[0]}\n\n${DOCS_USAGE}\n`);
    return 2;
  }
  const dir = resolve(argv.find((a) => !a.startsWith("-")) ?? ".");
  let specText: string;
  try {
    specText = readFileSync(join(dir, "spec.yaml"), "utf8");
  } catch {
    process.stderr.write(`gatewasm docs: no spec.yaml in ${dir}\n`);
    return 1;
  }
  const tables: string[] = [];
  try {
    for (const lang of LANGUAGES) tables.push(configTable(specText, lang));
  } catch (e) {
    process.stderr.write(`gatewasm docs: spec.yaml: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}\n`);
    return 1;
  }
  let failed = false;
  for (const [i, lang] of LANGUAGES.entries()) {
    const path = join(dir, lang.file);
    let readme: string;
    try {
      readme = readFileSync(path, "utf8");
    } catch {
      continue; // a plugin without this README has no table to keep
    }
    const updated = withConfigTable(readme, tables[i]);
    if (updated === null) {
      process.stderr.write(`gatewasm docs: ${lang.file} has no ${BEGIN_PREFIX} … ${END} markers\n`);
      failed = true;
    } else if (updated !== readme) {
      if (check) {
        process.stderr.write(
          `gatewasm docs: ${lang.file}'s configuration table differs from spec.yaml; run gatewasm docs\n`,
        );
        failed = true;
      } else {
        writeFileSync(path, updated);
        process.stdout.write(`wrote ${lang.file}'s configuration table\n`);
      }
    }
  }
  return failed ? 1 : 0;
}
