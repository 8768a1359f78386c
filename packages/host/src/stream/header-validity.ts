// What Envoy's codecs refuse to put on the wire after the filters ran (source/common/http/
// header_utility.cc checkRequiredRequestHeaders, checkValidRequestHeaders, headerNameIsValid,
// headerValueIsValid; checkRequiredResponseHeaders). Envoy keeps whatever a filter sets in the
// header map; the check runs when the headers are encoded, and a refusal fails that stream only.
// Node's HTTP writer refuses the same names and values (it throws), so checking first keeps the
// error a stream's answer instead of an exception.
import type { HeaderMap } from "../context/header-map.js";

// RFC 9110 tchar: ! # $ % & ' * + - . ^ _ ` | ~ DIGIT ALPHA (Envoy kGenericHeaderNameCharTable).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// HTAB, SP, VCHAR and obs-text (oghttp2 IsValidHeaderValue with obs-text allowed), on the UTF-8
// bytes as Node writes them: a UTF-8 character is obs-text bytes, so only controls and DEL fail.
const BAD_VALUE_CHAR = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Envoy headerNameIsValid: a token, after one leading ':' for pseudo-headers. */
function headerNameIsValid(name: string): boolean {
  return TOKEN.test(name.startsWith(":") ? name.slice(1) : name);
}

function headerValueIsValid(value: string): boolean {
  return !BAD_VALUE_CHAR.test(value);
}

/** JSON-escapes a name for a message (Envoy escapes the key the same way before printing it). */
function escaped(name: string): string {
  return JSON.stringify(name).slice(1, -1);
}

/** The first invalid entry as Envoy words it ("invalid header name: …" / "invalid header value for: …"), or null. */
export function invalidEntry(map: HeaderMap): string | null {
  for (const [k, v] of map.toPairs()) {
    if (!headerNameIsValid(k)) return `invalid header name: ${escaped(k)}`;
    if (!headerValueIsValid(v)) return `invalid header value for: ${escaped(k)}`;
  }
  return null;
}

/**
 * Why the request headers cannot go to an HTTP/1 upstream, or null. Envoy's two checks come
 * first, with its wording. Then what Node's request writer also needs where Envoy would write
 * the bytes regardless: a :method that is a token and a :path without spaces (Envoy would send
 * a request line the upstream cannot parse).
 */
export function requestHeadersProblem(headers: HeaderMap): string | null {
  const method = headers.get(":method");
  if (method === undefined) return "missing required header: :method";
  if (headers.get(":path") === undefined && method !== "CONNECT") return "missing required header: :path";
  const invalid = invalidEntry(headers);
  if (invalid) return invalid;
  if (!TOKEN.test(method)) return "invalid header value for: :method";
  if (/[ \t]/.test(headers.get(":path") ?? "")) return "invalid header value for: :path";
  return null;
}

/** Why the response headers cannot go to the client, or null (Envoy answers 502 for a missing :status). */
export function responseHeadersProblem(headers: HeaderMap): string | null {
  const status = headers.get(":status");
  if (status === undefined || !/^\d+$/.test(status)) return "missing required header: :status";
  // HTTP/1 writes three digits: Envoy would write any number and the client would fail to parse it.
  const code = Number(status);
  if (code < 100 || code > 999) return `invalid :status ${status}`;
  return invalidEntry(headers);
}

/** Envoy's response-code details for a refusal: the message with spaces as underscores, in braces. */
export function refusalDetails(prefix: string, message: string): string {
  return `${prefix}{${message.replace(/\s/g, "_")}}`;
}
