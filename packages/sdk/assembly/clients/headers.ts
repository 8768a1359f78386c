import { equalsIgnoreCase } from "../abi/ascii-case";
import { decodePairs, findPairAt, foundValue, foundValueLength } from "../abi/pairs";

// Response headers handed to HttpClient callbacks, with Go's http.Header lookup:
//
//   const token = headers.get(config.tokenHeader);
//
// An answer's headers stay in the host's encoding until `pairs` is asked for: a callback that
// reads one header decodes one value, not every name and value of the answer.
export class Headers {
  private decoded: Array<string[]> | null;
  /** The host's pairs buffer (already checked well-formed), when not made from a list. */
  private readonly encoded: ArrayBuffer | null;

  constructor(pairs: Array<string[]> | null = null, encoded: ArrayBuffer | null = null) {
    this.decoded = pairs !== null || encoded !== null ? pairs : new Array<string[]>();
    this.encoded = encoded;
  }

  /** Every [name, value] pair, in order. */
  get pairs(): Array<string[]> {
    let d = this.decoded;
    if (d === null) {
      const e = changetype<ArrayBuffer>(this.encoded);
      d = decodePairs(e);
      if (d === null) d = new Array<string[]>(); // not reached: checked when received
      this.decoded = d;
    }
    return d;
  }

  /** The first value of `name` (case-insensitive); null if absent. */
  get(name: string): string | null {
    const e = this.encoded;
    if (e !== null && this.decoded === null && isAscii(name)) {
      if (findPairAt(changetype<usize>(e), <usize>e.byteLength, name) < 0) return null;
      return String.UTF8.decodeUnsafe(foundValue, foundValueLength);
    }
    const pairs = this.pairs;
    for (let i = 0, n = pairs.length; i < n; i++) {
      const p = unchecked(pairs[i]);
      if (p.length == 2 && equalsIgnoreCase(unchecked(p[0]), name)) return unchecked(p[1]);
    }
    return null;
  }

  /** Every value of `name`, in order. */
  values(name: string): string[] {
    const out = new Array<string>();
    const pairs = this.pairs;
    for (let i = 0, n = pairs.length; i < n; i++) {
      const p = unchecked(pairs[i]);
      if (p.length == 2 && equalsIgnoreCase(unchecked(p[0]), name)) out.push(unchecked(p[1]));
    }
    return out;
  }

  has(name: string): bool {
    const e = this.encoded;
    if (e !== null && this.decoded === null && isAscii(name))
      return findPairAt(changetype<usize>(e), <usize>e.byteLength, name) >= 0;
    return this.get(name) !== null;
  }

  get length(): i32 {
    const e = this.encoded;
    if (e !== null && this.decoded === null) return e.byteLength != 0 ? <i32>load<u32>(changetype<usize>(e)) : 0;
    return this.pairs.length;
  }
}

function isAscii(s: string): bool {
  for (let i = 0, n = s.length; i < n; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}
