// A validating JSON scanner over UTF-8 bytes (RFC 8259), allocation-free and bounded: it only
// moves an offset, checks every read against the end, and limits nesting, so malformed or
// hostile input yields an error (offset + reason), never a trap. The reader (./value.ts)
// scans lazily over a validated document, like gjson: no tree is built.

/** Deeper nesting is refused (a config is never this deep; recursion stays bounded). */
export const MAX_DEPTH: i32 = 100;

let errorOffset: i32 = -1;
let errorReason: string = "";

/** Where the last scan failed, and why. */
export function lastScanError(): string { return errorReason; }
export function lastScanOffset(): i32 { return errorOffset; }

function fail(at: i32, reason: string): i32 {
  errorOffset = at;
  errorReason = reason;
  return -1;
}

// @ts-ignore: decorator
@inline function byteAt(base: usize, p: i32): u32 { return <u32>load<u8>(base + <usize>p); }

export function skipSpace(base: usize, p: i32, end: i32): i32 {
  while (p < end) {
    const c = byteAt(base, p);
    if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
    p++;
  }
  return p;
}

/** Offset just past the value starting at `p`, or -1 (see lastScanError). */
export function scanValue(base: usize, p: i32, end: i32, depth: i32): i32 {
  if (p >= end) return fail(p, "unexpected end of input");
  const c = byteAt(base, p);
  if (c == 0x7b) return scanObject(base, p, end, depth + 1);
  if (c == 0x5b) return scanArray(base, p, end, depth + 1);
  if (c == 0x22) return scanString(base, p, end);
  if (c == 0x74) return scanWord(base, p, end, 0x65757274); // "true"
  if (c == 0x66) return scanWord(base, p + 1, end, 0x65736c61); // "alse" after 'f'
  if (c == 0x6e) return scanWord(base, p, end, 0x6c6c756e); // "null"
  if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return scanNumber(base, p, end);
  return fail(p, "unexpected character");
}

/** The four bytes of `word` (little-endian) must follow at p. */
function scanWord(base: usize, p: i32, end: i32, word: u32): i32 {
  if (end - p < 4) return fail(p, "unexpected end of input");
  if (load<u32>(base + <usize>p) != word) return fail(p, "invalid literal");
  return p + 4;
}

function scanObject(base: usize, p: i32, end: i32, depth: i32): i32 {
  if (depth > MAX_DEPTH) return fail(p, "nested too deeply");
  p = skipSpace(base, p + 1, end);
  if (p < end && byteAt(base, p) == 0x7d) return p + 1;
  for (;;) {
    if (p >= end) return fail(p, "unexpected end of input");
    if (byteAt(base, p) != 0x22) return fail(p, "expected a string key");
    p = scanString(base, p, end);
    if (p < 0) return p;
    p = skipSpace(base, p, end);
    if (p >= end || byteAt(base, p) != 0x3a) return fail(p, "expected ':'");
    p = scanValue(base, skipSpace(base, p + 1, end), end, depth);
    if (p < 0) return p;
    p = skipSpace(base, p, end);
    if (p >= end) return fail(p, "unexpected end of input");
    const c = byteAt(base, p);
    if (c == 0x7d) return p + 1;
    if (c != 0x2c) return fail(p, "expected ',' or '}'");
    p = skipSpace(base, p + 1, end);
  }
  return -1; // not reached
}

function scanArray(base: usize, p: i32, end: i32, depth: i32): i32 {
  if (depth > MAX_DEPTH) return fail(p, "nested too deeply");
  p = skipSpace(base, p + 1, end);
  if (p < end && byteAt(base, p) == 0x5d) return p + 1;
  for (;;) {
    p = scanValue(base, p, end, depth);
    if (p < 0) return p;
    p = skipSpace(base, p, end);
    if (p >= end) return fail(p, "unexpected end of input");
    const c = byteAt(base, p);
    if (c == 0x5d) return p + 1;
    if (c != 0x2c) return fail(p, "expected ',' or ']'");
    p = skipSpace(base, p + 1, end);
  }
  return -1; // not reached
}

function isHex(c: u32): bool { return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66); }

export function scanString(base: usize, p: i32, end: i32): i32 {
  p++; // opening quote
  while (p < end) {
    const c = byteAt(base, p);
    if (c == 0x22) return p + 1;
    if (c < 0x20) return fail(p, "control character in string");
    if (c == 0x5c) {
      if (p + 1 >= end) break;
      const e = byteAt(base, p + 1);
      if (e == 0x75) {
        if (p + 6 > end) break;
        for (let k = 2; k < 6; k++) if (!isHex(byteAt(base, p + k))) return fail(p, "invalid \\u escape");
        p += 6;
        continue;
      }
      // " \ / b f n r t
      if (e != 0x22 && e != 0x5c && e != 0x2f && e != 0x62 && e != 0x66 && e != 0x6e && e != 0x72 && e != 0x74) return fail(p, "invalid escape");
      p += 2;
      continue;
    }
    p++;
  }
  return fail(p, "unterminated string");
}

function digits(base: usize, p: i32, end: i32): i32 {
  while (p < end) {
    const c = byteAt(base, p);
    if (c < 0x30 || c > 0x39) break;
    p++;
  }
  return p;
}

function scanNumber(base: usize, p: i32, end: i32): i32 {
  const start = p;
  if (byteAt(base, p) == 0x2d) p++;
  if (p >= end) return fail(start, "invalid number");
  const first = byteAt(base, p);
  if (first == 0x30) p++;
  else {
    const q = digits(base, p, end);
    if (q == p) return fail(start, "invalid number");
    p = q;
  }
  if (p < end && byteAt(base, p) == 0x2e) {
    const q = digits(base, p + 1, end);
    if (q == p + 1) return fail(start, "invalid number");
    p = q;
  }
  if (p < end && (byteAt(base, p) | 0x20) == 0x65) {
    p++;
    if (p < end && (byteAt(base, p) == 0x2b || byteAt(base, p) == 0x2d)) p++;
    const q = digits(base, p, end);
    if (q == p) return fail(start, "invalid number");
    p = q;
  }
  return p;
}

/** Validates a whole document; -1 if invalid (see lastScanError), else the value's start. */
export function validateDocument(base: usize, end: i32): i32 {
  const start = skipSpace(base, 0, end);
  const p = scanValue(base, start, end, 0);
  if (p < 0) return -1;
  if (skipSpace(base, p, end) != end) return fail(p, "unexpected data after the value");
  return start;
}
