// Plugin configurations for the fuzz: the plugin's own example configs taken apart and put
// back wrong (each known key kept, dropped, or given a value of another type or an extreme
// one; `_rules_` with odd matchers; unknown keys), then sometimes damaged as text (truncated,
// bytes flipped, invalid UTF-8, deep nesting). Returned as bytes: a configuration is bytes to
// Envoy, and invalid UTF-8 must reach the plugin's JSON reader.
import type { Rng } from "../rng.js";
import { headerValue, token } from "./text.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const NUMBERS = [
  0,
  -1,
  1,
  0.5,
  -0.5,
  59,
  60,
  61,
  65535,
  65536,
  86400,
  3600000,
  2 ** 31,
  2 ** 53 + 1,
  -(2 ** 63),
  1e21,
  1e308,
  -1e-308,
];
const MATCHERS = ["_match_route_", "_match_domain_", "_match_service_", "_match_route_prefix_", "_match_unknown_"];

function randomJson(rng: Rng, depth: number): Json {
  switch (rng.int(depth > 2 ? 5 : 7)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.chance(0.7) ? rng.pick(NUMBERS) : (rng.next() - 0.5) * 10 ** rng.int(30);
    case 3:
      return headerValue(rng, rng.chance(0.02) ? 100_000 : 60, true);
    case 4:
      return token(rng, 0, 30);
    case 5:
      return Array.from({ length: rng.size(6) }, () => randomJson(rng, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: rng.size(6) }, () => [token(rng, 0, 12), randomJson(rng, depth + 1)]),
      );
  }
}

/** Keys and the values the examples give them: the material the structured configs start from. */
export interface ConfigMaterial {
  examples: Record<string, Json>[];
  keys: string[];
  values: Map<string, Json[]>;
}

export function configMaterial(examples: Record<string, Json>[]): ConfigMaterial {
  const values = new Map<string, Json[]>();
  const collect = (o: Record<string, Json>) => {
    for (const [k, v] of Object.entries(o)) {
      if (k === "_rules_" && Array.isArray(v)) {
        for (const rule of v) if (rule && typeof rule === "object" && !Array.isArray(rule)) collect(rule);
      } else if (!k.startsWith("_")) {
        values.set(k, [...(values.get(k) ?? []), v]);
      }
    }
  };
  examples.forEach(collect);
  return { examples, keys: [...values.keys()], values };
}

function valueFor(rng: Rng, m: ConfigMaterial, key: string): Json {
  const seen = m.values.get(key) ?? [];
  return seen.length > 0 && rng.chance(0.5) ? rng.pick(seen) : randomJson(rng, 1);
}

function structured(rng: Rng, m: ConfigMaterial, depth: number): Record<string, Json> {
  const base: Record<string, Json> = rng.chance(0.9) && m.examples.length > 0 ? { ...rng.pick(m.examples) } : {};
  // Mostly a few keys changed (a near-valid config reaches the plugin's own checks and the
  // request path), sometimes all of them.
  const changes = rng.chance(0.7) ? 1 + rng.int(2) : m.keys.length;
  for (let i = 0; i < changes && m.keys.length > 0; i++) {
    const key = rng.pick(m.keys);
    if (rng.chance(0.3)) delete base[key];
    else base[key] = valueFor(rng, m, key);
  }
  if (rng.chance(0.1)) base[token(rng, 1, 12)] = randomJson(rng, 1);
  if (depth === 0 && rng.chance(0.4)) {
    base._rules_ = rng.chance(0.9)
      ? Array.from({ length: rng.size(5) }, () => {
          const rule: Record<string, Json> = rng.chance(0.9) ? structured(rng, m, 1) : {};
          const matcher = rng.pick(MATCHERS);
          rule[matcher] = rng.chance(0.8)
            ? Array.from({ length: rng.size(4) }, () =>
                rng.chance(0.7) ? rng.pick(["api", "*.example.com", "example.com", "default", ""]) : randomJson(rng, 2),
              )
            : randomJson(rng, 2);
          return rule;
        })
      : randomJson(rng, 1);
  }
  return base;
}

/** Damage to the text: the JSON reader's part of the fuzz. */
function damaged(rng: Rng, text: string): Buffer {
  let bytes = Buffer.from(text, "utf8");
  switch (rng.int(7)) {
    case 0:
      return bytes.subarray(0, rng.int(bytes.length + 1));
    case 1: {
      bytes = Buffer.from(bytes);
      for (let i = 0, n = 1 + rng.int(4); i < n && bytes.length > 0; i++) bytes[rng.int(bytes.length)] = rng.int(256);
      return bytes;
    }
    case 2: {
      const at = rng.int(bytes.length + 1);
      return Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from(
          rng.pick(["\xff\xfe", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xf8\x88\x80\x80\x80", "\x00"]),
          "latin1",
        ),
        bytes.subarray(at),
      ]);
    }
    case 3: {
      const n = 1 + rng.size(20_000);
      return Buffer.from(
        rng.chance(0.5) ? "[".repeat(n) + "]".repeat(rng.chance(0.5) ? n : 0) : `${'{"a":'.repeat(n)}1${"}".repeat(n)}`,
      );
    }
    case 4:
      return Buffer.from(`\ufeff${text}`);
    case 5:
      return Buffer.from(
        text
          .replace(/:/g, () => (rng.chance(0.1) ? ":-" : ":"))
          .replace(/\d+/g, (d) => (rng.chance(0.2) ? `${d}e999` : d)),
      );
    default:
      return rng.bytes(rng.size(200));
  }
}

/** One configuration: structured and valid JSON (60%), or damaged text. */
export function fuzzConfig(rng: Rng, m: ConfigMaterial): Buffer {
  const text = JSON.stringify(structured(rng, m, 0));
  return rng.chance(0.6) ? Buffer.from(text, "utf8") : damaged(rng, text);
}
