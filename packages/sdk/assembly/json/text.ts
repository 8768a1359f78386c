// Decoding the scalar tokens of a validated document: strings (with escapes) and numbers.

function hexValue(c: u32): u32 {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10;
}

function hex4(at: usize): u32 {
  return (
    (hexValue(load<u8>(at)) << 12) |
    (hexValue(load<u8>(at + 1)) << 8) |
    (hexValue(load<u8>(at + 2)) << 4) |
    hexValue(load<u8>(at + 3))
  );
}

/** Writes code point `c` as UTF-8 (WTF-8 for a lone surrogate) at `out`; returns the byte count. */
function putCodePoint(out: usize, c: u32): usize {
  if (c < 0x80) {
    store<u8>(out, <u8>c);
    return 1;
  }
  if (c < 0x800) {
    store<u8>(out, <u8>(0xc0 | (c >> 6)));
    store<u8>(out + 1, <u8>(0x80 | (c & 0x3f)));
    return 2;
  }
  if (c < 0x10000) {
    store<u8>(out, <u8>(0xe0 | (c >> 12)));
    store<u8>(out + 1, <u8>(0x80 | ((c >> 6) & 0x3f)));
    store<u8>(out + 2, <u8>(0x80 | (c & 0x3f)));
    return 3;
  }
  store<u8>(out, <u8>(0xf0 | (c >> 18)));
  store<u8>(out + 1, <u8>(0x80 | ((c >> 12) & 0x3f)));
  store<u8>(out + 2, <u8>(0x80 | ((c >> 6) & 0x3f)));
  store<u8>(out + 3, <u8>(0x80 | (c & 0x3f)));
  return 4;
}

/**
 * The text of the (validated) string token in bytes [start, end), quotes included. Escapes
 * never grow the text, so one buffer of the token's size is enough.
 */
export function decodeString(bytes: ArrayBuffer, start: i32, end: i32): string {
  const base = changetype<usize>(bytes);
  let p = base + <usize>start + 1;
  const stop = base + <usize>end - 1;
  let hasEscape = false;
  for (let q = p; q < stop; q++)
    if (load<u8>(q) == 0x5c) {
      hasEscape = true;
      break;
    }
  if (!hasEscape) return String.UTF8.decodeUnsafe(p, stop - p);
  const tmp = new ArrayBuffer(<i32>(stop - p));
  // Re-derive raw pointers after the allocation: the GC does not move objects, but keeping the
  // arithmetic next to its use makes that assumption visible.
  const out0 = changetype<usize>(tmp);
  p = changetype<usize>(bytes) + <usize>start + 1;
  let out = out0;
  while (p < stop) {
    const c = <u32>load<u8>(p);
    if (c != 0x5c) {
      store<u8>(out++, <u8>c);
      p++;
      continue;
    }
    const e = <u32>load<u8>(p + 1);
    p += 2;
    if (e == 0x75) {
      let cp = hex4(p);
      p += 4;
      // A high surrogate followed by \u low surrogate is one code point.
      if ((cp & 0xfc00) == 0xd800 && p + 6 <= stop && load<u8>(p) == 0x5c && load<u8>(p + 1) == 0x75) {
        const lo = hex4(p + 2);
        if ((lo & 0xfc00) == 0xdc00) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          p += 6;
        }
      }
      out += putCodePoint(out, cp);
      continue;
    }
    let b: u32 = e; // " \ /
    if (e == 0x62) b = 0x08;
    else if (e == 0x66) b = 0x0c;
    else if (e == 0x6e) b = 0x0a;
    else if (e == 0x72) b = 0x0d;
    else if (e == 0x74) b = 0x09;
    store<u8>(out++, <u8>b);
  }
  return String.UTF8.decodeUnsafe(out0, out - out0);
}

/**
 * True if the raw key token [start, end) (quotes included) is `key`. ASCII compares byte for
 * code unit without allocating; at the first escape or non-ASCII byte the token is decoded.
 * (A mismatch in the ASCII part before it is a mismatch of the decoded text too.)
 */
export function keyIs(bytes: ArrayBuffer, start: i32, end: i32, key: string): bool {
  const base = changetype<usize>(bytes) + <usize>start + 1;
  const n = end - start - 2;
  const len = key.length;
  let i = 0;
  for (; i < n; i++) {
    const c = <i32>load<u8>(base + <usize>i);
    if (c >= 0x80 || c == 0x5c) return decodeString(bytes, start, end) == key;
    if (i >= len || c != key.charCodeAt(i)) return false;
  }
  return i == len;
}

/** Parses the number token [start, end) as an exact integer; sets `intOk` false if it is not one. */
export let intOk: bool = true;
export function parseInteger(bytes: ArrayBuffer, start: i32, end: i32): i64 {
  // Exact decimal arithmetic, no floating point: `1.0`, `2e3` and `1500e-3` are integers,
  // `1.5` and anything beyond i64 are not. Digits accumulate negatively so i64.MIN_VALUE fits.
  const base = changetype<usize>(bytes);
  let p = start;
  const negative = load<u8>(base + <usize>p) == 0x2d;
  if (negative) p++;
  let v: i64 = 0;
  let scale: i32 = 0; // value = v * 10^scale
  let pendingZeros: i32 = 0; // fraction zeros not yet known to be trailing
  let inFraction = false;
  intOk = false;
  for (; p < end; p++) {
    const c = <i32>load<u8>(base + <usize>p);
    if (c == 0x2e) {
      inFraction = true;
      continue;
    }
    if (c < 0x30 || c > 0x39) break;
    const d = <i64>(c - 0x30);
    if (inFraction) {
      if (d == 0) {
        pendingZeros++;
        continue;
      }
      for (; pendingZeros > 0; pendingZeros--) {
        if (v < i64.MIN_VALUE / 10) return 0;
        v *= 10;
        scale--;
      }
      scale--;
    }
    if (v < (i64.MIN_VALUE + d) / 10) return 0;
    v = v * 10 - d;
  }
  if (p < end) {
    // exponent
    p++;
    let expNegative = false;
    const sign = load<u8>(base + <usize>p);
    if (sign == 0x2d || sign == 0x2b) {
      expNegative = sign == 0x2d;
      p++;
    }
    let e: i32 = 0;
    for (; p < end; p++) {
      if (e > 10000) return 0;
      e = e * 10 + (<i32>load<u8>(base + <usize>p) - 0x30);
    }
    scale += expNegative ? -e : e;
  }
  for (; scale > 0; scale--) {
    if (v == 0) break;
    if (v < i64.MIN_VALUE / 10) return 0;
    v *= 10;
  }
  for (; scale < 0; scale++) {
    if (v % 10 != 0) return 0;
    v /= 10;
  }
  if (!negative) {
    if (v == i64.MIN_VALUE) return 0;
    v = -v;
  }
  intOk = true;
  return v;
}

/** The number token [start, end) as f64. */
export function parseNumber(bytes: ArrayBuffer, start: i32, end: i32): f64 {
  return parseFloat(String.UTF8.decodeUnsafe(changetype<usize>(bytes) + <usize>start, <usize>(end - start)));
}
