// Header names and values are checked before they reach the host: a CR or LF in a value is a
// response-splitting hole in any proxy that forwards it, and Envoy answers an invalid name by
// resetting the stream later, far from the plugin line that caused it. A rejected header is
// logged (its name, never the value: it may be a secret) and the call returns BadArgument
// without calling the host.
//
// The checks run on the UTF-8 bytes the SDK sends anyway (one loop, no string scans), so
// a plugin that sets a header pays only a few hundred bytes for them.
import { LogLevel } from "../abi/enums";
import { encodeScratch, releaseScratch, scratchA, scratchALength } from "../abi/scratch";
import { logLine, logLineBytes } from "./log-line";

// RFC 9110 §5.6.2 tchar as a bitmap over ASCII: ! # $ % & ' * + - . ^ _ ` | ~ DIGIT ALPHA.
const TCHAR: usize = memory.data<u8>([
  0, 0, 0, 0, 0xfa, 0x6c, 0xff, 0x03, 0xfe, 0xff, 0xff, 0xc7, 0xff, 0xff, 0xff, 0x57,
]);

/** An RFC 9110 token, optionally after one leading ':' (HTTP/2 pseudo-header). */
function isValidNameBytes(p: usize, n: usize): bool {
  let i: usize = n > 1 && load<u8>(p) == 0x3a ? 1 : 0;
  if (i >= n) return false;
  for (; i < n; i++) {
    const c = <u32>load<u8>(p + i);
    if (c >= 128 || (load<u8>(TCHAR + (c >> 3)) & (1 << (c & 7))) == 0) return false;
  }
  return true;
}

/** No CR, LF or NUL (what Envoy and RFC 9110 forbid inside a field value). */
function isValidValueBytes(p: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) {
    const c = load<u8>(p + i);
    if (c == 0x0d || c == 0x0a || c == 0) return false;
  }
  return true;
}

// "gatewasm: bad header: " as UTF-8 bytes: a string literal would be stored as UTF-16 and
// need encoding, in every plugin that sets a header.
const BAD_HEADER: usize = memory.data<u8>([
  0x67, 0x61, 0x74, 0x65, 0x77, 0x61, 0x73, 0x6d, 0x3a, 0x20, 0x62, 0x61, 0x64, 0x20, 0x68, 0x65, 0x61, 0x64, 0x65,
  0x72, 0x3a, 0x20,
]);
const BAD_HEADER_LENGTH: usize = 22;

/** Checks one encoded header; logs and returns false if it must not be sent. */
export function checkHeaderBytes(name: usize, nameLen: usize, value: usize, valueLen: usize): bool {
  if (isValidNameBytes(name, nameLen) && isValidValueBytes(value, valueLen)) return true;
  logLineBytes(LogLevel.Error, BAD_HEADER, BAD_HEADER_LENGTH, name, nameLen);
  return false;
}

/** Checks every pair of an encoded header map (./abi/pairs.ts format, as encodePairs writes it). */
export function checkEncodedPairs(buf: ArrayBuffer): bool {
  const base = changetype<usize>(buf);
  const n = <usize>load<u32>(base);
  let data = base + 4 + (n << 3);
  for (let i: usize = 0; i < n; i++) {
    const kl = <usize>load<u32>(base + 4 + (i << 3));
    const vl = <usize>load<u32>(base + 8 + (i << 3));
    if (!checkHeaderBytes(data, kl, data + kl + 1, vl)) return false;
    data += kl + vl + 2;
  }
  return true;
}

/** True if every entry is exactly [name, value]; logs otherwise. */
export function checkPairShapes(pairs: Array<string[]>): bool {
  for (let i = 0, n = pairs.length; i < n; i++) {
    if (unchecked(pairs[i]).length != 2) {
      logLine(LogLevel.Error, "gatewasm: bad header: a pair must be [name, value]", null);
      return false;
    }
  }
  return true;
}

/** True if `name` is an RFC 9110 token (or a ':' pseudo-header name). */
export function isValidHeaderName(name: string): bool {
  encodeScratch(name);
  const ok = isValidNameBytes(scratchA, scratchALength);
  releaseScratch();
  return ok;
}

/** True if `value` has no CR, LF or NUL. */
export function isValidHeaderValue(value: string): bool {
  encodeScratch(value);
  const ok = isValidValueBytes(scratchA, scratchALength);
  releaseScratch();
  return ok;
}
