// A seeded PRNG (xorshift32 over a splitmix-style seed scramble): every generated input comes
// from (seed, index), so a failure found once is found again, and a saved case replays.

export class Rng {
  private state: number;

  constructor(seed: number) {
    let s = (seed ^ 0x9e3779b9) >>> 0;
    s = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
    s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35) >>> 0;
    this.state = (s ^ (s >>> 16)) >>> 0 || 1;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** A length skewed towards small values, sometimes up to `max`. */
  size(max: number): number {
    const r = this.next();
    return Math.floor(r * r * r * (max + 1));
  }

  /** `n` random bytes; past 4 KiB a random block repeats (a large input's size is what it tests). */
  bytes(n: number): Buffer {
    const size = Math.min(n, 4096);
    const block = Buffer.allocUnsafe(size);
    let i = 0;
    for (; i + 4 <= size; i += 4) block.writeUInt32LE(this.word(), i);
    for (; i < size; i++) block[i] = this.int(256);
    return n <= size ? block : Buffer.alloc(n, block);
  }

  private word(): number {
    this.next();
    return this.state;
  }
}
