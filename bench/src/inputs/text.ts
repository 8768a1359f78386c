// Strings for header names and values, plain or hostile. Long values repeat a random chunk:
// what a large value exercises is its size, and building megabytes character by character
// would make the generator, not the plugin, the thing measured.
import type { Rng } from "../rng.js";

const TOKEN = "abcdefghijklmnopqrstuvwxyz0123456789-_.";
const PRINTABLE = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
/** Non-ASCII that is valid UTF-8 once encoded: Latin-1, CJK, an emoji (a surrogate pair). */
const UNICODE = ["é", "ü", "ß", "中", "文", "€", "😀", "ñ"];
/**
 * What breaks parsers and header rules: CR, LF, NUL, controls, DEL, a lone surrogate (the host
 * encodes it as U+FFFD: its header maps hold strings, so raw invalid UTF-8 cannot reach a plugin
 * through headers; bodies, call answers and configurations carry it instead), quotes, separators.
 */
const HOSTILE = ["\r", "\n", "\r\n", "\0", "\t", "\x01", "\x7f", "\ud800", "\udfff", '"', "\\", ":", ";", ",", " ", "%00", "\u0085", "\u2028"];

function chunk(rng: Rng, length: number, hostile: boolean): string {
  let s = "";
  for (let i = 0; i < length; i++) {
    const r = rng.next();
    if (hostile && r < 0.08) s += rng.pick(HOSTILE);
    else if (r < 0.14) s += rng.pick(UNICODE);
    else s += PRINTABLE[rng.int(PRINTABLE.length)];
  }
  return s;
}

/** A header value of up to `max` characters (skewed short). */
export function headerValue(rng: Rng, max: number, hostile: boolean): string {
  const length = rng.size(max);
  if (length <= 64) return chunk(rng, length, hostile);
  const base = chunk(rng, 64, hostile);
  return base.repeat(Math.ceil(length / 64)).slice(0, length);
}

/** A header name: a valid token, or (hostile) anything from empty to uppercase, spaces and controls. */
export function headerName(rng: Rng, hostile: boolean): string {
  if (hostile && rng.chance(0.25)) return chunk(rng, rng.size(40), true);
  let s = "";
  for (let i = 0, n = 1 + rng.size(24); i < n; i++) s += TOKEN[rng.int(TOKEN.length)];
  return s;
}

/** A token (names, ids, keys): letters, digits and `-_.`. */
export function token(rng: Rng, min: number, max: number): string {
  let s = "";
  for (let i = 0, n = min + rng.int(max - min + 1); i < n; i++) s += TOKEN[rng.int(TOKEN.length)];
  return s;
}
