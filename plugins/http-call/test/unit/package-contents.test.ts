// What the published package promises: spec.yaml describes every key the plugin reads, both
// READMEs document them, the examples fit the schema, and plugin.wasm resolves by name.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { wasmPath } from "../support/plugin-host.ts";

const dir = fileURLToPath(new URL("../../", import.meta.url));
const read = (file: string) => readFileSync(`${dir}${file}`, "utf8");

const KEYS = [
  "serviceName",
  "servicePort",
  "requestPath",
  "tokenHeader",
  "timeout",
  "failurePolicy",
  "method",
  "forwardHeaders",
  "cacheTtl",
];

interface Schema {
  type: string;
  required?: string[];
  enum?: string[];
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
}

const spec = parse(read("spec.yaml")) as {
  info: { name: string };
  spec: { configSchema: { openAPIV3Schema: Schema } };
};
const schema = spec.spec.configSchema.openAPIV3Schema;

/** Schema errors of one config value (only what this schema uses: type, enum, range, items). */
function violations(value: unknown, s: Schema, path: string): string[] {
  const type = Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
  if (type !== s.type && !(s.type === "object" && type === "object")) return [`${path}: ${type} is not ${s.type}`];
  const out: string[] = [];
  if (s.enum && !s.enum.includes(value as string)) out.push(`${path}: not one of ${s.enum.join(", ")}`);
  if (s.minimum !== undefined && (value as number) < s.minimum) out.push(`${path}: below ${s.minimum}`);
  if (s.maximum !== undefined && (value as number) > s.maximum) out.push(`${path}: above ${s.maximum}`);
  if (s.items) {
    for (const [i, v] of (value as unknown[]).entries()) out.push(...violations(v, s.items, `${path}[${i}]`));
  }
  if (s.properties) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === "_rules_") continue;
      const p = s.properties[k];
      if (!p) out.push(`${path}.${k}: not in the schema`);
      else out.push(...violations(v, p, `${path}.${k}`));
    }
  }
  return out;
}

describe("package contents", () => {
  it("spec.yaml names the plugin and describes exactly the keys the plugin reads", () => {
    expect(spec.info.name).toBe("http-call");
    expect(Object.keys(schema.properties!).sort()).toEqual([...KEYS].sort());
    expect(schema.required).toEqual(["serviceName", "requestPath", "tokenHeader"]);
  });

  it("both READMEs have a config table row for every key", () => {
    for (const readme of ["README.md", "README_ZH.md"]) {
      const text = read(readme);
      for (const key of KEYS) expect(text, `${readme} documents ${key}`).toContain(`| \`${key}\` |`);
    }
  });

  it("every example config fits the schema", () => {
    for (const file of readdirSync(`${dir}config`)) {
      expect(violations(JSON.parse(read(`config/${file}`)), schema, file)).toEqual([]);
    }
  });

  it("resolves @gatewasm/plugin-http-call/plugin.wasm to the release build", () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve("@gatewasm/plugin-http-call/plugin.wasm")).toBe(wasmPath);
    const pkg = JSON.parse(read("package.json")) as { files: string[] };
    for (const f of [
      "build/plugin.wasm",
      "spec.yaml",
      "config",
      "README.md",
      "README_ZH.md",
      "envoy.yaml",
      "docker-compose.yaml",
      "CHANGELOG.md",
    ]) {
      expect(pkg.files).toContain(f);
    }
  });
});
