// Log lines composed in static memory, for the SDK's own diagnostics and for abort: no string
// concatenation code in every plugin, and no allocation (abort may run when the heap is broken).
import { proxy_log } from "../abi/imports";
import { LogLevel } from "../abi/enums";
import { utf8Encode } from "../abi/utf8";

const LINE_MAX: usize = 1024;
const LINE: usize = memory.data(<i32>LINE_MAX);

function put(at: usize, text: string | null): usize {
  if (changetype<usize>(text) == 0) return at;
  const s = changetype<string>(text);
  // A UTF-16 unit is at most 3 bytes of UTF-8. Text that may not fit is left out rather than
  // cut (cutting could split a character).
  if (at + <usize>s.length * 3 > LINE + LINE_MAX) return at;
  return at + utf8Encode(s, at);
}

/** Logs `prefix` + `text` as one line, without allocating. */
export function logLine(level: LogLevel, prefix: string, text: string | null): void {
  const at = put(put(LINE, prefix), text);
  proxy_log(level, LINE, at - LINE);
}

/**
 * Logs `prefix` (UTF-8 bytes in static memory) + raw bytes as one line; control characters
 * become '?' so a line cannot forge another (a rejected header name may hold CR/LF).
 */
export function logLineBytes(level: LogLevel, prefix: usize, prefixLength: usize, bytes: usize, length: usize): void {
  memory.copy(LINE, prefix, prefixLength);
  const at = LINE + prefixLength;
  const room = LINE_MAX - prefixLength;
  const n = length < room ? length : room;
  for (let i: usize = 0; i < n; i++) {
    const c = load<u8>(bytes + i);
    store<u8>(at + i, c < 0x20 || c == 0x7f ? 0x3f : c);
  }
  proxy_log(level, LINE, prefixLength + n);
}
