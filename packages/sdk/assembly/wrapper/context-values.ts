// Per-request values (Higress's ctx.SetContext / GetContext). AssemblyScript has no `any`, so
// each value is boxed with its static type and read back only as that type: GC-safe (plain
// managed references, no raw pointers) and type-safe (a wrong type reads as absent).

abstract class ContextEntry {
  constructor(public readonly key: string) {}
}

export class ContextValue<T> extends ContextEntry {
  constructor(
    key: string,
    public value: T,
  ) {
    super(key);
  }
}

/** A small list: requests keep a handful of values, and a scan beats a Map's code size. */
export class ContextValues {
  private readonly entries: Array<ContextEntry> = new Array<ContextEntry>();

  find(key: string): ContextEntry | null {
    const e = this.entries;
    for (let i = 0, n = e.length; i < n; i++) {
      const entry = unchecked(e[i]);
      if (entry.key == key) return entry;
    }
    return null;
  }

  set<T>(key: string, value: T): void {
    const e = this.entries;
    const box = new ContextValue<T>(key, value);
    for (let i = 0, n = e.length; i < n; i++) {
      if (unchecked(e[i]).key == key) {
        unchecked((e[i] = box));
        return;
      }
    }
    e.push(box);
  }

  delete(key: string): bool {
    const e = this.entries;
    for (let i = 0, n = e.length; i < n; i++) {
      if (unchecked(e[i]).key == key) {
        e.splice(i, 1);
        return true;
      }
    }
    return false;
  }
}
