// A plugin's spec.yaml, Higress console's plugin metadata (apiVersion 1.0.0): the fields the
// tools use, read and checked, with errors that name the field.
import { readFileSync } from "node:fs";
import { parse } from "yaml";

const PHASES = ["UNSPECIFIED_PHASE", "AUTHN", "AUTHZ", "STATS"] as const;
export type Phase = (typeof PHASES)[number];

export interface PluginSpec {
  name: string;
  title?: string;
  version?: string;
  description?: string;
  phase: Phase;
  priority: number;
  /** configSchema.openAPIV3Schema.example: the configuration a user starts from. */
  exampleConfig?: unknown;
}

export class SpecError extends Error {
  override name = "SpecError";
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function parseSpec(text: string, file = "spec.yaml"): PluginSpec {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new SpecError(`${file}: not YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!isObj(doc) || !isObj(doc.info) || !isObj(doc.spec))
    throw new SpecError(`${file}: expected "info" and "spec" sections (Higress plugin spec, apiVersion 1.0.0)`);
  const { info, spec } = doc;
  if (typeof info.name !== "string" || !/^[a-z0-9][a-z0-9-]*(\/v\d+)?$/.test(info.name)) {
    throw new SpecError(`${file}: info.name ${JSON.stringify(info.name)}: expected a plugin name such as "my-plugin"`);
  }
  const phase = spec.phase ?? "UNSPECIFIED_PHASE";
  if (!PHASES.includes(phase as Phase))
    throw new SpecError(`${file}: spec.phase ${JSON.stringify(phase)}: expected one of ${PHASES.join(", ")}`);
  const priority = spec.priority ?? 0;
  if (!Number.isInteger(priority))
    throw new SpecError(`${file}: spec.priority ${JSON.stringify(priority)}: expected a whole number`);
  const schema =
    isObj(spec.configSchema) && isObj(spec.configSchema.openAPIV3Schema)
      ? spec.configSchema.openAPIV3Schema
      : undefined;
  return {
    name: info.name,
    title: typeof info.title === "string" ? info.title : undefined,
    version: info.version === undefined ? undefined : String(info.version),
    description: typeof info.description === "string" ? info.description : undefined,
    phase: phase as Phase,
    priority: priority as number,
    exampleConfig: schema?.example,
  };
}

export function readSpec(file: string): PluginSpec {
  return parseSpec(readFileSync(file, "utf8"), file);
}
