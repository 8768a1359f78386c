// An object or array `mockBody` is sent as compact JSON: the configuration's own text would
// carry the indentation of wherever it was written (an envoy.yaml block, a console form).
// The input is a value from the validated configuration, so only whitespace needs handling.

/** `raw` without the whitespace between tokens (strings untouched). */
export function compactJson(raw: string): string {
  const out = new Array<i32>();
  let inString = false;
  for (let i = 0, n = raw.length; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      out.push(c);
      if (c == 0x5c && i + 1 < n)
        out.push(raw.charCodeAt(++i)); // an escaped character, `\"` included
      else if (c == 0x22) inString = false;
    } else if (c == 0x22) {
      inString = true;
      out.push(c);
    } else if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) {
      out.push(c);
    }
  }
  return String.fromCharCodes(out);
}
