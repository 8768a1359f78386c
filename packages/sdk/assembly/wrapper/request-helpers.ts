// Higress's request helpers that read the current request directly (wrapper.GetRequestPathWithoutQuery,
// wrapper.IsApplicationJson). Like Go's, they call the host, so they work only while the
// headers they read are available (the header phases).
import { getHttpRequestHeader, getHttpResponseHeader } from "../proxywasm/headers";
import { log } from "../proxywasm/log";
import { LogLevel } from "../abi/enums";

function hexValue(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function isSchemeChar(c: i32, first: bool): bool {
  const alpha = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  if (first) return alpha;
  return alpha || (c >= 0x30 && c <= 0x39) || c == 0x2b || c == 0x2d || c == 0x2e;
}

/**
 * The path of `rawPath` as Go's url.Parse(rawPath).Path gives it: scheme, authority, query and
 * fragment removed, %XX decoded; null where Go fails (a bad escape, a control character).
 */
function urlPathOf(rawPath: string): string | null {
  const n = rawPath.length;
  for (let i = 0; i < n; i++) {
    const c = rawPath.charCodeAt(i);
    if (c < 0x20 || c == 0x7f) return null;
  }
  let end = n;
  const hash = rawPath.indexOf("#");
  if (hash >= 0) end = hash;
  const q = rawPath.indexOf("?");
  if (q >= 0 && q < end) end = q;
  let s = rawPath.substring(0, end);
  // A scheme ("http:") and then an authority ("//host") come before the path.
  let i = 0;
  while (i < s.length && isSchemeChar(s.charCodeAt(i), i == 0)) i++;
  if (i > 0 && i < s.length && s.charCodeAt(i) == 0x3a) s = s.substring(i + 1);
  if (s.startsWith("//")) {
    const slash = s.indexOf("/", 2);
    s = slash >= 0 ? s.substring(slash) : "";
  }
  if (s.indexOf("%") < 0) return s;
  const bytes = new Uint8Array(s.length * 3);
  let len = 0;
  const utf8 = Uint8Array.wrap(String.UTF8.encode(s));
  for (let k = 0; k < utf8.length; k++) {
    const c = <i32>utf8[k];
    if (c != 0x25) {
      bytes[len++] = <u8>c;
      continue;
    }
    if (k + 2 >= utf8.length) return null;
    const hi = hexValue(utf8[k + 1]);
    const lo = hexValue(utf8[k + 2]);
    if (hi < 0 || lo < 0) return null;
    bytes[len++] = <u8>((hi << 4) | lo);
    k += 2;
  }
  return String.UTF8.decode(bytes.buffer.slice(0, len));
}

/** Go's wrapper.GetRequestPathWithoutQuery: the request's :path without query, decoded; "" if unavailable or invalid. */
export function getRequestPathWithoutQuery(): string {
  const raw = getHttpRequestHeader(":path");
  if (raw === null || raw.length == 0) return "";
  const path = urlPathOf(raw);
  if (path === null) {
    log(LogLevel.Error, "failed to parse request path '" + raw + "'");
    return "";
  }
  return path;
}

/** Go's wrapper.IsApplicationJson: the *response's* content-type contains `application/json` (as in Go). */
export function isApplicationJson(): bool {
  const type = getHttpResponseHeader("content-type");
  return type !== null && type.indexOf("application/json") >= 0;
}
