// ASCII case for header names and tokens (they are ASCII by RFC 9110): lowering and
// case-insensitive comparison. String#toLowerCase would bring the Unicode case tables (about
// 10 KB) into every plugin. Exported by the SDK for plugins:
//
//   const name = asciiLower(configuredName); // Envoy keeps header names in lower case

/** `c` lowered if it is an ASCII capital. */
export function lower(c: u32): u32 {
  return c - 0x41 < 26 ? c | 0x20 : c;
}

/** `s` with its ASCII capitals lowered (other characters kept); `s` itself if it has none. */
export function asciiLower(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n && <u32>s.charCodeAt(i) - 0x41 >= 26) i++;
  if (i == n) return s;
  const out = changetype<string>(__new((<usize>n) << 1, idof<string>()));
  const from = changetype<usize>(s);
  const to = changetype<usize>(out);
  for (let k = 0; k < n; k++) store<u16>(to + ((<usize>k) << 1), lower(<u32>load<u16>(from + ((<usize>k) << 1))));
  return out;
}

/** True if `a` and `b` are equal ignoring ASCII case. */
export function equalsIgnoreCase(a: string, b: string): bool {
  const n = a.length;
  if (n != b.length) return false;
  for (let i = 0; i < n; i++) {
    if (lower(<u32>a.charCodeAt(i)) != lower(<u32>b.charCodeAt(i))) return false;
  }
  return true;
}

/** True if `haystack` contains `needle` ignoring ASCII case. */
export function containsIgnoreCase(haystack: string, needle: string): bool {
  const n = haystack.length;
  const m = needle.length;
  for (let start = 0; start + m <= n; start++) {
    let k = 0;
    while (k < m && lower(<u32>haystack.charCodeAt(start + k)) == lower(<u32>needle.charCodeAt(k))) k++;
    if (k == m) return true;
  }
  return false;
}
