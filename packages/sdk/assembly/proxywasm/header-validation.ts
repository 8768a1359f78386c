// Header names and values are checked before they reach the host: a CR or LF in a value is a
// response-splitting hole in any proxy that forwards it, and Envoy answers an invalid name by
// resetting the stream later, far from the plugin line that caused it. A rejected header is
// logged (name and reason, never the value: it may be a secret) and the call returns
// BadArgument without calling the host.
import { LogLevel } from "../abi/enums";
import { logLine } from "./log-line";

// RFC 9110 §5.6.2 tchar as a bitmap over ASCII: ! # $ % & ' * + - . ^ _ ` | ~ DIGIT ALPHA.
const TCHAR: usize = memory.data<u8>([0, 0, 0, 0, 0xfa, 0x6c, 0xff, 0x03, 0xfe, 0xff, 0xff, 0xc7, 0xff, 0xff, 0xff, 0x57]);

/** True if `name` is an RFC 9110 token, optionally after one leading ':' (HTTP/2 pseudo-header). */
export function isValidHeaderName(name: string): bool {
  const n = name.length;
  let i = n > 1 && name.charCodeAt(0) == 0x3a ? 1 : 0;
  if (i >= n) return false;
  for (; i < n; i++) {
    const c = <u32>name.charCodeAt(i);
    if (c >= 128 || (load<u8>(TCHAR + (c >> 3)) & (1 << (c & 7))) == 0) return false;
  }
  return true;
}

/** True if `value` has no CR, LF or NUL (what Envoy and RFC 9110 forbid inside a field value). */
export function isValidHeaderValue(value: string): bool {
  for (let i = 0, n = value.length; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c == 0x0d || c == 0x0a || c == 0) return false;
  }
  return true;
}

/** Checks one header; logs and returns false if it must not be sent. */
export function checkHeader(name: string, value: string): bool {
  // One short message for both cases: its text is data in every plugin that sends headers.
  if (isValidHeaderName(name) && isValidHeaderValue(value)) return true;
  logLine(LogLevel.Error, "gatewasm: invalid header not sent: ", visible(name));
  return false;
}

/** Checks every pair (each must be exactly [name, value]); logs the first bad one. */
export function checkHeaderPairs(pairs: Array<string[]>): bool {
  for (let i = 0, n = pairs.length; i < n; i++) {
    const p = unchecked(pairs[i]);
    if (!(p.length == 2 ? checkHeader(unchecked(p[0]), unchecked(p[1])) : checkHeader("", ""))) return false;
  }
  return true;
}

// A rejected name may hold CR or LF: control characters become '?' so the log line stays one
// line and cannot forge another.
function visible(s: string): string {
  const n = s.length;
  const out = changetype<string>(__new(<usize>n << 1, idof<string>()));
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    store<u16>(changetype<usize>(out) + (<usize>i << 1), c < 0x20 || c == 0x7f ? 0x3f : c);
  }
  return out;
}
