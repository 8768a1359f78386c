// A plugin's spec.yaml (Higress console format) is the one place its configuration is
// described: keys, types, required keys, defaults, enums and ranges. These helpers turn that
// schema into configurations and drive the built .wasm with them through TestHost, so a test
// fails when the plugin's config code and its spec.yaml disagree:
//
//   const results = await checkConfigSchema({ wasm, spec: "spec.yaml" });
//   expect(results.filter((r) => !r.ok)).toEqual([]);
//
// For every property: its default, each enum value, its minimum and maximum must be accepted;
// min − 1, max + 1, a value of the wrong type and a one-letter typo of its name must be
// refused naming the key; each required key left out must be refused. An unknown key must be
// refused with the list of keys the plugin reads, which must be exactly the schema's.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { TestHost, type TestHostOptions } from "./test-host.js";

/** The part of an openAPIV3Schema property these checks read. */
export interface SchemaProperty {
  type?: string;
  oneOf?: SchemaProperty[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
}

export interface ConfigSchema {
  properties: Record<string, SchemaProperty>;
  required: string[];
  example?: Record<string, unknown>;
}

/** One configuration to try, and what the plugin must do with it. */
export interface ConfigSchemaCase {
  /** What is tried, e.g. `timeout = maximum + 1 (60001)`. */
  name: string;
  config: Record<string, unknown>;
  expect: "accept" | "refuse";
  /** For a refusal: text the plugin's error line must contain (the key's name). */
  names?: string;
}

export interface ConfigSchemaResult extends ConfigSchemaCase {
  ok: boolean;
  /** The plugin's error line, or "" if it started. */
  error: string;
}

/** Reads `spec.configSchema.openAPIV3Schema` from a spec.yaml file. */
export function readConfigSchema(specPath: string): ConfigSchema {
  const spec = parse(readFileSync(specPath, "utf8")) as {
    spec?: { configSchema?: { openAPIV3Schema?: Partial<ConfigSchema> } };
  };
  const schema = spec?.spec?.configSchema?.openAPIV3Schema ?? {};
  return { properties: schema.properties ?? {}, required: schema.required ?? [], example: schema.example };
}

function typesOf(p: SchemaProperty): string[] {
  if (p.type !== undefined) return [p.type];
  return (p.oneOf ?? []).map((o) => o.type ?? "").filter((t) => t.length > 0);
}

/** A value of a JSON type the property does not allow, or undefined if it allows every type. */
function wrongTypeValue(p: SchemaProperty): unknown {
  const allowed = typesOf(p);
  if (allowed.length === 0) return undefined;
  const numeric = allowed.includes("integer") || allowed.includes("number");
  const candidates: [boolean, unknown][] = [
    [!allowed.includes("boolean"), true],
    [!numeric, 12345],
    [!allowed.includes("string"), "not-a-" + allowed[0]],
    [!allowed.includes("array"), [1]],
  ];
  for (const [fits, value] of candidates) if (fits) return value;
  return undefined;
}

/** `timeout` → `timout`-like: one letter left out near the end (a typo the plugin should name). */
function typo(key: string): string {
  const at = Math.max(1, key.length - 2);
  return key.slice(0, at) + key.slice(at + 1);
}

/**
 * The cases for a schema, each a change to `base` (by default the schema's `example`, or just
 * its required keys with their examples). A numeric property's bounds are only tried where
 * the schema states them.
 */
export function configSchemaCases(
  schema: ConfigSchema,
  base: Record<string, unknown> = schema.example ?? {},
): ConfigSchemaCase[] {
  const cases: ConfigSchemaCase[] = [{ name: "the base configuration", config: base, expect: "accept" }];
  const keys = Object.keys(schema.properties);
  for (const [key, p] of Object.entries(schema.properties)) {
    const withValue = (value: unknown) => ({ ...base, [key]: value });
    if (p.default !== undefined)
      cases.push({ name: `${key} = its default`, config: withValue(p.default), expect: "accept" });
    for (const value of p.enum ?? [])
      cases.push({ name: `${key} = enum value ${JSON.stringify(value)}`, config: withValue(value), expect: "accept" });
    if (p.minimum !== undefined) {
      cases.push({ name: `${key} = minimum (${p.minimum})`, config: withValue(p.minimum), expect: "accept" });
      cases.push({
        name: `${key} = minimum - 1 (${p.minimum - 1})`,
        config: withValue(p.minimum - 1),
        expect: "refuse",
        names: key,
      });
    }
    if (p.maximum !== undefined) {
      cases.push({ name: `${key} = maximum (${p.maximum})`, config: withValue(p.maximum), expect: "accept" });
      cases.push({
        name: `${key} = maximum + 1 (${p.maximum + 1})`,
        config: withValue(p.maximum + 1),
        expect: "refuse",
        names: key,
      });
    }
    const wrong = wrongTypeValue(p);
    if (wrong !== undefined)
      cases.push({
        name: `${key} = a wrong type (${JSON.stringify(wrong)})`,
        config: withValue(wrong),
        expect: "refuse",
        names: key,
      });
    const misspelt = typo(key);
    if (key.length > 3 && !keys.includes(misspelt)) {
      const config = { ...base, [misspelt]: base[key] ?? p.default ?? 1 };
      delete config[key];
      cases.push({
        name: `${misspelt} (a typo of ${key})`,
        config,
        expect: "refuse",
        names: `$.${misspelt}: unknown key (did you mean "${key}"?)`,
      });
    }
  }
  for (const key of schema.required) {
    const config = { ...base };
    delete config[key];
    cases.push({ name: `without the required ${key}`, config, expect: "refuse", names: key });
  }
  // The plugin lists the keys it reads when a key is nowhere near one of them.
  cases.push({
    name: "an unknown key lists exactly the schema's keys",
    config: { ...base, zzNotAKey: 1 },
    expect: "refuse",
    names: `$.zzNotAKey: unknown key; the keys are ${keys.join(",")}`,
  });
  return cases;
}

export interface CheckConfigSchemaOptions extends Omit<TestHostOptions, "config"> {
  /** Path to the plugin's spec.yaml. */
  spec: string;
  /** The configuration each case changes (default: the schema's example). */
  base?: Record<string, unknown>;
}

/** Starts the plugin once per case and reports whether it accepted or refused as the schema says. */
export async function checkConfigSchema(options: CheckConfigSchemaOptions): Promise<ConfigSchemaResult[]> {
  const { spec, base, ...hostOptions } = options;
  const schema = readConfigSchema(spec);
  const results: ConfigSchemaResult[] = [];
  for (const c of configSchemaCases(schema, base)) {
    const r = await TestHost.tryStart({ ...hostOptions, config: c.config });
    const error =
      r.error !== undefined
        ? r.error.logs
            .filter((l) => l.levelName === "error")
            .map((l) => l.message)
            .join("\n")
        : "";
    r.host?.close();
    const ok = c.expect === "accept" ? r.error === undefined : r.error !== undefined && error.includes(c.names ?? "");
    results.push({ ...c, ok, error });
  }
  return results;
}
