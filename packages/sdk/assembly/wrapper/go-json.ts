// JSON text as Go's encoding/json writes it, for what Higress's wrapper marshals (user
// attributes in the access log, the leader lease): strings escape `"`, `\`, control characters
// (\b \f \n \r \t, others \u00XX), and, as json.Marshal does by default, `<`, `>`, `&`,
// U+2028 and U+2029 as \u003c … \u2029; numbers are float64 (`2`, `1.5`, `1e+21`); maps are
// written with their keys sorted.

function unicodeEscape(c: i32): string {
  const hex = "0123456789abcdef";
  return (
    "\\u" + hex.charAt((c >> 12) & 15) + hex.charAt((c >> 8) & 15) + hex.charAt((c >> 4) & 15) + hex.charAt(c & 15)
  );
}

/** `s` as a JSON string, quotes included. */
export function goJsonString(s: string): string {
  let out = '"';
  let start = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let esc: string | null = null;
    if (c == 0x22) esc = '\\"';
    else if (c == 0x5c) esc = "\\\\";
    else if (c < 0x20) {
      if (c == 0x0a) esc = "\\n";
      else if (c == 0x0d) esc = "\\r";
      else if (c == 0x09) esc = "\\t";
      else if (c == 0x08) esc = "\\b";
      else if (c == 0x0c) esc = "\\f";
      else esc = unicodeEscape(c);
    } else if (c == 0x3c || c == 0x3e || c == 0x26 || c == 0x2028 || c == 0x2029) esc = unicodeEscape(c);
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate is not valid UTF-8: Go writes U+FFFD.
      const pair = c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) == 0xdc00;
      if (pair) {
        i++;
        continue;
      }
      esc = "\\ufffd";
    }
    if (esc !== null) {
      out += s.substring(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.substring(start, n) + '"';
}

/** A float64 as encoding/json writes it: shortest digits, exponent below 1e-6 and from 1e21. */
export function goJsonNumber(v: f64): string {
  if (!isFinite(v)) return "null"; // json.Marshal fails on these; the attribute is written as null
  if (v == Math.floor(v) && Math.abs(v) < 1e21) return (<i64>v).toString();
  // AssemblyScript's shortest form matches JavaScript's, which matches Go's here except for the
  // exponent's sign and width (Go: e-07, e+21).
  const s = v.toString();
  const e = s.indexOf("e");
  if (e < 0) return s;
  const neg = s.charCodeAt(e + 1) == 0x2d;
  const digits = s.substring(s.charCodeAt(e + 1) == 0x2b || neg ? e + 2 : e + 1);
  return s.substring(0, e) + "e" + (neg ? "-" : "+") + (digits.length < 2 ? "0" : "") + digits;
}
