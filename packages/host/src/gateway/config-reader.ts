// Reads one object of an envoy.yaml and remembers which fields it used, so every field the
// gateway does not understand becomes a warning (or an error) naming its path, never a
// silent difference from Envoy.

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class ConfigReader {
  private readonly used = new Set<string>();

  constructor(readonly node: Record<string, Json>, readonly path: string, private readonly warnings: string[]) {}

  static of(value: unknown, path: string, warnings: string[]): ConfigReader {
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ConfigError(`${path}: expected an object`);
    return new ConfigReader(value as Record<string, Json>, path, warnings);
  }

  has(key: string): boolean {
    return this.node[key] !== undefined && this.node[key] !== null;
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
      throw new ConfigError(`${this.path}.${key}: required`);
    }
    if (typeof v !== "string") throw new ConfigError(`${this.path}.${key}: expected a string`);
    return v;
  }

  number(key: string, fallback?: number): number {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (fallback !== undefined) return fallback;
      throw new ConfigError(`${this.path}.${key}: required`);
    }
    const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== "number" || !Number.isFinite(n)) throw new ConfigError(`${this.path}.${key}: expected a number`);
    return n;
  }

  bool(key: string, fallback = false): boolean {
    const v = this.raw(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === "object" && v !== null && "value" in v) return Boolean((v as { value: unknown }).value); // BoolValue
    if (typeof v !== "boolean") throw new ConfigError(`${this.path}.${key}: expected true or false`);
    return v;
  }

  object(key: string): ConfigReader | null {
    const v = this.raw(key);
    if (v === undefined || v === null) return null;
    return ConfigReader.of(v, `${this.path}.${key}`, this.warnings);
  }

  requireObject(key: string): ConfigReader {
    const r = this.object(key);
    if (!r) throw new ConfigError(`${this.path}.${key}: required`);
    return r;
  }

  array(key: string): unknown[] {
    const v = this.raw(key);
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new ConfigError(`${this.path}.${key}: expected a list`);
    return v;
  }

  /** A list of objects, each as a reader with its index in the path. */
  objects(key: string): ConfigReader[] {
    return this.array(key).map((v, i) => ConfigReader.of(v, `${this.path}.${key}[${i}]`, this.warnings));
  }

  /** A protobuf Duration ("15s", "0.25s", or { seconds, nanos }) in milliseconds. */
  durationMs(key: string, fallback: number): number {
    const v = this.raw(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === "string") {
      const m = /^(\d+(?:\.\d+)?)s$/.exec(v.trim());
      if (!m) throw new ConfigError(`${this.path}.${key}: "${v}" is not a duration like "15s" or "0.25s"`);
      return Math.round(Number(m[1]) * 1000);
    }
    if (typeof v === "object" && !Array.isArray(v)) {
      const seconds = Number((v as Record<string, unknown>).seconds ?? 0);
      const nanos = Number((v as Record<string, unknown>).nanos ?? 0);
      return Math.round(seconds * 1000 + nanos / 1e6);
    }
    throw new ConfigError(`${this.path}.${key}: expected a duration`);
  }

  warn(message: string): void {
    this.warnings.push(`${this.path}: ${message}`);
  }

  /** Warns about every field that was not read. */
  finish(): void {
    for (const key of Object.keys(this.node)) {
      if (!this.used.has(key)) this.warnings.push(`${this.path}.${key}: not supported by the gatewasm gateway; ignored`);
    }
  }
}
