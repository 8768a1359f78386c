// Strings for header names and values, plain or hostile. Characters are drawn once into two
// fixed pools (the same in every run); a string is a slice of a pool at a seeded position,
// repeated to length when long. What a large value exercises is its size, and generating every
// character would make the generator, not the plugin, the thing measured.
import { Rng } from "../rng.js";

const TOKEN = "abcdefghijklmnopqrstuvwxyz0123456789-_.";
const PRINTABLE = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
/** Non-ASCII that is valid UTF-8 once encoded (no surrogate pairs: a slice could split one). */
const UNICODE = ["é", "ü", "ß", "中", "文", "€", "ñ", "Ж"];
/**
 * What breaks parsers and header rules: CR, LF, NUL, controls, DEL, lone surrogates and an
 * emoji's halves (the host encodes them as U+FFFD: its header maps hold strings, so raw invalid
 * UTF-8 cannot reach a plugin through headers; bodies, call answers and configurations carry it
 * instead), quotes, separators, Unicode line breaks.
 */
const HOSTILE = [
  "\r",
  "\n",
  "\r\n",
  "\0",
  "\t",
  "\x01",
  "\x7f",
  "\ud800",
  "\udfff",
  "😀",
  '"',
  "\\",
  ":",
  ";",
  ",",
  " ",
  "%00",
  "\u0085",
  "\u2028",
];
const POOL_LENGTH = 8192;

function drawPool(hostile: boolean): string {
  const rng = new Rng(hostile ? 0xbad : 0x900d);
  let s = "";
  while (s.length < POOL_LENGTH) {
    const r = rng.next();
    if (hostile && r < 0.08) s += rng.pick(HOSTILE);
    else if (r < 0.14) s += rng.pick(UNICODE);
    else s += PRINTABLE[rng.int(PRINTABLE.length)];
  }
  return s;
}

const PLAIN_POOL = drawPool(false);
const HOSTILE_POOL = drawPool(true);

function chunk(rng: Rng, length: number, hostile: boolean): string {
  const pool = hostile ? HOSTILE_POOL : PLAIN_POOL;
  const at = rng.int(pool.length - length);
  return pool.slice(at, at + length);
}

/** A header value of up to `max` characters (skewed short). */
export function headerValue(rng: Rng, max: number, hostile: boolean): string {
  const length = rng.size(max);
  if (length <= 256) return chunk(rng, length, hostile);
  return chunk(rng, 256, hostile)
    .repeat(Math.ceil(length / 256))
    .slice(0, length);
}

/** A header name: a valid token, or (hostile) anything from empty to uppercase, spaces and controls. */
export function headerName(rng: Rng, hostile: boolean): string {
  if (hostile && rng.chance(0.25)) return chunk(rng, rng.size(40), true);
  return token(rng, 1, 1 + rng.size(24));
}

/** A token (names, ids, keys): letters, digits and `-_.`. */
export function token(rng: Rng, min: number, max: number): string {
  let s = "";
  for (let i = 0, n = min + rng.int(max - min + 1); i < n; i++) s += TOKEN[rng.int(TOKEN.length)];
  return s;
}
