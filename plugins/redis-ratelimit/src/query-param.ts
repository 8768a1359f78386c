// A query parameter's value, decoded: `?key=a%62c` and `?key=abc` reach the upstream as the same
// key, so they must count against the same limit (otherwise re-encoding escapes it).

/** The first value of parameter `name` in `path`'s query (decoded), or null. */
export function queryParam(path: string, name: string): string | null {
  const q = path.indexOf("?");
  if (q < 0) return null;
  let end = path.indexOf("#", q);
  if (end < 0) end = path.length;
  let start = q + 1;
  while (start <= end) {
    let amp = path.indexOf("&", start);
    if (amp < 0 || amp > end) amp = end;
    const eq = path.indexOf("=", start);
    const nameEnd = eq >= 0 && eq < amp ? eq : amp;
    if (decodeComponent(path.substring(start, nameEnd)) == name) {
      return nameEnd < amp ? decodeComponent(path.substring(nameEnd + 1, amp)) : "";
    }
    start = amp + 1;
  }
  return null;
}

/** `+` is a space and `%XX` a byte (UTF-8); a `%` without two hex digits stays as it is. */
function decodeComponent(s: string): string {
  if (s.indexOf("%") < 0 && s.indexOf("+") < 0) return s;
  // Decoded in place: the output is never longer than the input.
  const bytes = String.UTF8.encode(s);
  const base = changetype<usize>(bytes);
  const n = <usize>bytes.byteLength;
  let o: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let c = <i32>load<u8>(base + i);
    if (c == 0x2b) c = 0x20;
    else if (c == 0x25 && i + 2 < n) {
      const hi = hexValue(load<u8>(base + i + 1));
      const lo = hexValue(load<u8>(base + i + 2));
      if (hi >= 0 && lo >= 0) {
        c = (hi << 4) | lo;
        i += 2;
      }
    }
    store<u8>(base + o++, <u8>c);
  }
  // String.UTF8 reads invalid UTF-8 leniently (never traps); equal bytes give equal keys.
  return String.UTF8.decodeUnsafe(base, o);
}

function hexValue(c: u8): i32 {
  if (c >= 0x30 && c <= 0x39) return <i32>c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return <i32>l - 0x61 + 10;
  return -1;
}
