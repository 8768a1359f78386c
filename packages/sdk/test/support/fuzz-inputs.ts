// Seeded generators of random and malformed inputs for the fuzz test (mulberry32: the same
// seed gives the same inputs, so a failure is reproducible from its seed and index).

export type Rng = () => number;

export function rng(seed: number): Rng {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)];
const int = (r: Rng, max: number): number => Math.floor(r() * max);

// Characters that break parsers: structure, escapes, controls, high Latin-1, CJK, emoji, lone surrogates.
const NASTY = [
  '"',
  "\\",
  "{",
  "}",
  "[",
  "]",
  ":",
  ",",
  "\r",
  "\n",
  "\t",
  "\u0000",
  "\u007f",
  "\u00ff",
  "\u00e9",
  "\u4e2d",
  "\u{1f600}",
  "\ud800",
  "\udc00",
  "$",
  "*",
  "+",
  "-",
  "%",
  " ",
];
const TOKEN = "abcdefghijklmnopqrstuvwxyz0123456789-_.:";

/** A string mixing ordinary and troublesome characters. */
function text(r: Rng, maxLength = 24): string {
  let s = "";
  const n = int(r, maxLength + 1);
  for (let i = 0; i < n; i++) s += r() < 0.6 ? TOKEN[int(r, TOKEN.length)] : pick(r, NASTY);
  return s;
}

/** A JSON-ish document: valid JSON, mutated JSON, or noise. */
export function jsonish(r: Rng): string {
  const value = (depth: number): unknown => {
    const k = int(r, depth > 3 ? 4 : 7);
    if (k === 0) return int(r, 3) === 0 ? null : r() < 0.5;
    if (k === 1) return r() < 0.5 ? int(r, 1e6) - 5e5 : (r() - 0.5) * 10 ** int(r, 25);
    if (k === 2 || k === 3) return text(r, 12);
    if (k === 4 || k === 5)
      return Object.fromEntries(
        Array.from({ length: int(r, 5) }, () => [
          pick(r, ["a", "b", "_rules_", "_match_domain_", "name", text(r, 6)]),
          value(depth + 1),
        ]),
      );
    return Array.from({ length: int(r, 5) }, () => value(depth + 1));
  };
  let s = JSON.stringify(value(0)) ?? "null";
  const mode = int(r, 4);
  if (mode === 1) s = s.slice(0, int(r, s.length + 1)); // truncated
  if (mode === 2) {
    const chars = [...s];
    for (let i = 0, n = 1 + int(r, 3); i < n && chars.length; i++)
      chars[int(r, chars.length)] = pick(r, NASTY.concat(["e", "1", ".", "n", "t"]));
    s = chars.join("");
  }
  if (mode === 3 && r() < 0.2) s = "[".repeat(int(r, 300)) + s;
  return s;
}

/** A RESP-ish reply: valid replies, lies about lengths, truncations, noise. */
function respish(r: Rng): string {
  const value = (depth: number): string => {
    switch (int(r, depth > 2 ? 5 : 7)) {
      case 0:
        return `+${text(r, 8).replace(/[\r\n]/g, "")}\r\n`;
      case 1:
        return `-${pick(r, ["ERR x", "NOAUTH Authentication required.", "WRONGTYPE"])}\r\n`;
      case 2:
        return `:${pick(r, ["0", "-1", "42", "9223372036854775807", "-9223372036854775808", "99999999999999999999", "1a", ""])}\r\n`;
      case 3: {
        const t = text(r, 10);
        return `$${r() < 0.8 ? Buffer.byteLength(t) : int(r, 30) - 2}\r\n${t}\r\n`;
      }
      case 4:
        return pick(r, ["$-1\r\n", "*-1\r\n", "*0\r\n", "$0\r\n\r\n"]);
      default: {
        const n = int(r, 4);
        let s = `*${r() < 0.8 ? n : int(r, 1e9)}\r\n`;
        for (let i = 0; i < n; i++) s += value(depth + 1);
        return s;
      }
    }
  };
  let s = value(0);
  if (r() < 0.3) s = s.slice(0, int(r, s.length + 1));
  if (r() < 0.1) s = text(r, 20);
  return s;
}

/** A header-pairs-ish payload (the ABI's binary map format, often corrupted), as a Latin-1 string. */
function pairsish(r: Rng): string {
  const n = int(r, 5);
  const pairs = Array.from({ length: n }, () => [text(r, 6), text(r, 8)]);
  const body: number[] = [];
  const u32 = (v: number) => body.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  u32(r() < 0.9 ? n : int(r, 5000));
  for (const [k, v] of pairs) {
    u32(r() < 0.9 ? Buffer.byteLength(k) : int(r, 100));
    u32(r() < 0.9 ? Buffer.byteLength(v) : int(r, 100));
  }
  for (const [k, v] of pairs) {
    body.push(...Buffer.from(k), 0, ...Buffer.from(v), 0);
  }
  if (r() < 0.2) body.length = int(r, body.length + 1);
  return Buffer.from(body).toString("latin1");
}

/** A request header map with random names and values, some of them invalid. */
export function headerMap(r: Rng): [string, string][] {
  const out: [string, string][] = [
    [":authority", r() < 0.7 ? pick(r, ["example.com", "a.example.com:8080", "api.x", "[::1]:80", ""]) : text(r, 16)],
    [":path", `/${text(r, 16)}`],
    [":method", pick(r, ["GET", "POST", text(r, 5)])],
    [":scheme", "http"],
  ];
  for (let i = 0, n = int(r, 8); i < n; i++)
    out.push([r() < 0.7 ? text(r, 10).toLowerCase() || "x" : text(r, 10), text(r, 20)]);
  if (r() < 0.5) out.push(["x-json", jsonish(r)]);
  if (r() < 0.5) out.push(["x-resp", respish(r)]);
  if (r() < 0.5) out.push(["x-pairs", pairsish(r)]);
  return out;
}

/** A request body: random bytes, or JSON/RESP/pairs-like payloads as bytes. */
export function bodyBytes(r: Rng): Buffer {
  switch (int(r, 4)) {
    case 0:
      return Buffer.from(jsonish(r));
    case 1:
      return Buffer.from(respish(r));
    case 2:
      return Buffer.from(pairsish(r), "latin1");
    default:
      return Buffer.from(Array.from({ length: int(r, 64) }, () => int(r, 256)));
  }
}

/** What an http call gets back: a response with random headers and body, or a failure. */
export type HttpAnswer =
  | { kind: "respond"; status: number; headers: [string, string][]; body: Buffer }
  | { kind: "timeout" | "connect-failure" | "reset" };

export function httpAnswer(r: Rng): HttpAnswer {
  const k = int(r, 8);
  if (k === 0) return { kind: "timeout" };
  if (k === 1) return { kind: "connect-failure" };
  if (k === 2) return { kind: "reset" };
  const headers: [string, string][] = Array.from({ length: int(r, 5) }, () => [
    text(r, 8).toLowerCase() || "h",
    text(r, 16),
  ]);
  return { kind: "respond", status: pick(r, [200, 204, 301, 404, 500, 999, 100]), headers, body: bodyBytes(r) };
}

/** What a Redis call gets back: RESP-like bytes, random bytes, or a network failure. */
export function redisAnswer(r: Rng): Buffer | "fail" {
  const k = int(r, 6);
  if (k === 0) return "fail";
  if (k === 1) return Buffer.from(Array.from({ length: int(r, 40) }, () => int(r, 256)));
  return Buffer.from(respish(r));
}
