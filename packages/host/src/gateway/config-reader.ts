// Reads one object of an envoy.yaml against its message's schema and remembers which fields it
// used. A field the message does not have is an error as soon as the object is read (as Envoy's
// proto parsing refuses it); when the object is done, a real field the gateway did not read is
// an error unless the schema says no request can see it (then a warning), so nothing differs
// from Envoy silently.
import { didYouMean } from "./did-you-mean.js";
import type { MessageSchema } from "./envoy-fields.js";

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class ConfigReader {
  private readonly used = new Set<string>();
  readonly node: Record<string, Json>;

  constructor(
    node: Record<string, Json>,
    readonly path: string,
    private readonly warnings: string[],
    readonly schema: MessageSchema | null = null,
  ) {
    this.node = schema ? snakeCaseKeys(node, schema) : node;
    // As Envoy's proto parsing does, an unknown field fails before anything reads the object.
    for (const key of schema ? Object.keys(this.node) : []) {
      if (!schema!.fields.includes(key)) {
        const guess = didYouMean(key, schema!.fields);
        throw new ConfigError(
          `${join(path, key)}: unknown field (${schema!.name} has no field "${key}"${guess ? `; did you mean "${guess}"?` : ""})`,
        );
      }
    }
  }

  static of(value: unknown, path: string, warnings: string[], schema: MessageSchema | null = null): ConfigReader {
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new ConfigError(path ? `${path}: expected an object` : "expected an object at the top");
    return new ConfigReader(value as Record<string, Json>, path, warnings, schema);
  }

  /** The path of one of this object's fields. */
  at(key: string): string {
    return join(this.path, key);
  }

  /** The same object read as another message (an Any once its @type is known). */
  withSchema(schema: MessageSchema | null): ConfigReader {
    return new ConfigReader(this.node, this.path, this.warnings, schema);
  }

  has(key: string): boolean {
    return this.node[key] !== undefined && this.node[key] !== null;
  }

  /** Set to something other than its proto3 default (false, 0, "", an empty list). */
  isSet(key: string): boolean {
    return !isDefault(this.node[key]);
  }

  /** Throws naming the field when it is set: Envoy would act on it and the gateway cannot. */
  refuse(key: string, why: string): void {
    this.used.add(key);
    if (this.isSet(key)) throw new ConfigError(`${this.at(key)}: ${why}`);
  }

  raw(key: string): unknown {
    this.used.add(key);
    return this.node[key];
  }

  /** Fields that are understood and deliberately have no effect here. */
  ignore(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  string(key: string, fallback?: string): string {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      throw new ConfigError(`${this.at(key)}: required`);
    }
    if (typeof v !== "string") throw new ConfigError(`${this.at(key)}: expected a string`);
    return v;
  }

  /**
   * A proto enum by name, or by number (`values[n]`; a hole is a number the enum does not
   * have). An unknown value is an error listing the names, as Envoy's parser refuses it.
   */
  enumValue(key: string, values: readonly (string | null)[], fallback: string): string {
    const v = this.raw(key);
    if (v === undefined || v === null) return fallback;
    const name = typeof v === "number" && Number.isInteger(v) ? values[v] : v;
    if (typeof name !== "string" || !values.includes(name)) {
      throw new ConfigError(
        `${this.at(key)}: unknown value ${JSON.stringify(v)} (one of ${values.filter((x) => x !== null).join(", ")})`,
      );
    }
    return name;
  }

  number(key: string, fallback?: number): number {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      throw new ConfigError(`${this.at(key)}: required`);
    }
    const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== "number" || !Number.isFinite(n)) throw new ConfigError(`${this.at(key)}: expected a number`);
    return n;
  }

  bool(key: string, fallback = false): boolean {
    const v = this.raw(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === "object" && v !== null && "value" in v) return Boolean((v as { value: unknown }).value); // BoolValue
    if (typeof v !== "boolean") throw new ConfigError(`${this.at(key)}: expected true or false`);
    return v;
  }

  object(key: string, schema: MessageSchema | null): ConfigReader | null {
    const v = this.raw(key);
    if (v === undefined || v === null) return null;
    return ConfigReader.of(v, `${this.at(key)}`, this.warnings, schema);
  }

  requireObject(key: string, schema: MessageSchema | null): ConfigReader {
    const r = this.object(key, schema);
    if (!r) throw new ConfigError(`${this.at(key)}: required`);
    return r;
  }

  array(key: string): unknown[] {
    const v = this.raw(key);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new ConfigError(`${this.at(key)}: expected a list`);
    return v;
  }

  /** A list of objects, each as a reader with its index in the path. */
  objects(key: string, schema: MessageSchema | null): ConfigReader[] {
    return this.array(key).map((v, i) => ConfigReader.of(v, `${this.at(key)}[${i}]`, this.warnings, schema));
  }

  /** A protobuf Duration ("15s", "0.25s", or { seconds, nanos }) in milliseconds. */
  durationMs(key: string, fallback: number): number {
    const v = this.raw(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === "string") {
      const m = /^(\d+(?:\.\d+)?)s$/.exec(v.trim());
      if (!m) throw new ConfigError(`${this.at(key)}: "${v}" is not a duration like "15s" or "0.25s"`);
      return Math.round(Number(m[1]) * 1000);
    }
    if (typeof v === "object" && !Array.isArray(v)) {
      const seconds = Number((v as Record<string, unknown>).seconds ?? 0);
      const nanos = Number((v as Record<string, unknown>).nanos ?? 0);
      return Math.round(seconds * 1000 + nanos / 1e6);
    }
    throw new ConfigError(`${this.at(key)}: expected a duration`);
  }

  warn(message: string): void {
    this.warnings.push(this.path ? `${this.path}: ${message}` : message);
  }

  /**
   * Checks every field that was not read (unknown ones failed at construction): set to a
   * non-default value is an error unless the schema lists it as one no request can see (a warning).
   */
  finish(): void {
    for (const key of Object.keys(this.node)) {
      if (this.used.has(key)) continue;
      const where = `${this.at(key)}`;
      if (!this.schema) {
        this.warnings.push(`${where}: not supported by the gatewasm gateway; ignored`);
        continue;
      }
      if (isDefault(this.node[key])) continue;
      const harmless = this.schema.warn?.[key];
      if (harmless) this.warnings.push(`${where}: ignored: ${harmless}`);
      else
        throw new ConfigError(
          `${where}: not supported by the gatewasm gateway (Envoy would apply it, so ignoring it could change what requests get)`,
        );
    }
  }
}

/** The root object's path is "" (the file name is put in front of every message once). */
function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** proto3 leaves a field at its default the same as unset: Envoy sees no difference. */
function isDefault(v: Json | undefined): boolean {
  return v === undefined || v === null || v === false || v === 0 || v === "" || (Array.isArray(v) && v.length === 0);
}

/** Envoy's YAML loader takes proto JSON names (`prefixRewrite`) as well as field names. */
function snakeCaseKeys(node: Record<string, Json>, schema: MessageSchema): Record<string, Json> {
  let out: Record<string, Json> | null = null;
  for (const key of Object.keys(node)) {
    if (!/[A-Z]/.test(key) || schema.fields.includes(key)) continue;
    const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (!schema.fields.includes(snake) || snake in node) continue;
    out ??= { ...node };
    out[snake] = out[key];
    delete out[key];
  }
  return out ?? node;
}
