import { equalsIgnoreCase } from "../abi/ascii-case";

// Response headers handed to HttpClient callbacks, with Go's http.Header lookup:
//
//   const token = headers.get(config.tokenHeader);
export class Headers {
  constructor(public readonly pairs: Array<string[]>) {}

  /** The first value of `name` (case-insensitive); null if absent. */
  get(name: string): string | null {
    for (let i = 0, n = this.pairs.length; i < n; i++) {
      const p = unchecked(this.pairs[i]);
      if (p.length == 2 && equalsIgnoreCase(unchecked(p[0]), name)) return unchecked(p[1]);
    }
    return null;
  }

  /** Every value of `name`, in order. */
  values(name: string): string[] {
    const out = new Array<string>();
    for (let i = 0, n = this.pairs.length; i < n; i++) {
      const p = unchecked(this.pairs[i]);
      if (p.length == 2 && equalsIgnoreCase(unchecked(p[0]), name)) out.push(unchecked(p[1]));
    }
    return out;
  }

  has(name: string): bool { return this.get(name) !== null; }

  get length(): i32 { return this.pairs.length; }
}
