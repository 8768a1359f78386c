// Counts the host calls a module makes, by name: the baselines must make the same calls as the
// plugins they stand for, and the report says how many a request costs. The counter wraps the
// import object of VMs created inside `counted(…)` (WasmVm instantiates with the global
// WebAssembly.Instance), so only those VMs pay for counting; timed VMs are never counted.

export class HostCallCounter {
  readonly counts = new Map<string, number>();
  /** Names in call order since the last reset (the first 1,000). */
  readonly sequence: string[] = [];

  /** Calls since the last reset, by name, sorted. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
    this.sequence.length = 0;
  }

  /** Runs `create` with every module function it instantiates counted here. */
  counted<T>(create: () => T): T {
    const original = WebAssembly.Instance;
    const counts = this.counts;
    const sequence = this.sequence;
    const wrap = (imports: WebAssembly.Imports): WebAssembly.Imports => {
      const out: WebAssembly.Imports = {};
      for (const [module, fields] of Object.entries(imports)) {
        const wrapped: Record<string, WebAssembly.ImportValue> = {};
        for (const [name, value] of Object.entries(fields)) {
          if (typeof value !== "function") {
            wrapped[name] = value;
            continue;
          }
          const fn = value as (...args: unknown[]) => unknown;
          wrapped[name] = (...args: unknown[]) => {
            counts.set(name, (counts.get(name) ?? 0) + 1);
            if (sequence.length < 1000) sequence.push(name);
            return fn(...args);
          };
        }
        out[module] = wrapped;
      }
      return out;
    };
    // biome-ignore lint/complexity/useArrowFunction: the host calls it with `new`, which an arrow function refuses.
    const Counting = function (module: WebAssembly.Module, imports?: WebAssembly.Imports) {
      return new original(module, imports && wrap(imports));
    } as unknown as typeof WebAssembly.Instance;
    WebAssembly.Instance = Counting;
    try {
      return create();
    } finally {
      WebAssembly.Instance = original;
    }
  }
}
