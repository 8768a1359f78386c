// A header map as Envoy's wasm context edits it (source/extensions/common/wasm/context.cc):
// keys are lower-cased on every operation, `get` returns the first value, `add` appends a
// duplicate, `replace` sets the first occurrence (or adds), `remove` drops every occurrence.
import type { HeaderPair } from "../abi/pairs.js";

export class HeaderMap {
  private pairs: HeaderPair[];

  constructor(pairs: readonly HeaderPair[] = []) {
    this.pairs = pairs.map(([k, v]) => [k.toLowerCase(), v]);
  }

  get(key: string): string | undefined {
    const k = key.toLowerCase();
    return this.pairs.find(([name]) => name === k)?.[1];
  }

  getAll(key: string): string[] {
    const k = key.toLowerCase();
    return this.pairs.filter(([name]) => name === k).map(([, v]) => v);
  }

  add(key: string, value: string): void {
    this.pairs.push([key.toLowerCase(), value]);
  }

  replace(key: string, value: string): void {
    const k = key.toLowerCase();
    const entry = this.pairs.find(([name]) => name === k);
    if (entry) entry[1] = value;
    else this.pairs.push([k, value]);
  }

  remove(key: string): void {
    const k = key.toLowerCase();
    this.pairs = this.pairs.filter(([name]) => name !== k);
  }

  setAll(pairs: readonly HeaderPair[]): void {
    this.pairs = pairs.map(([k, v]) => [k.toLowerCase(), v]);
  }

  /** Envoy's HeaderMap::byteSize(): the sum of key and value lengths in bytes. */
  byteSize(): number {
    let n = 0;
    for (const [k, v] of this.pairs) n += Buffer.byteLength(k) + Buffer.byteLength(v);
    return n;
  }

  get size(): number {
    return this.pairs.length;
  }

  toPairs(): HeaderPair[] {
    return this.pairs.map(([k, v]) => [k, v]);
  }

  toObject(): Record<string, string> {
    const o: Record<string, string> = {};
    for (const [k, v] of this.pairs) o[k] = k in o ? `${o[k]},${v}` : v;
    return o;
  }
}
