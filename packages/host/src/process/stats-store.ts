// Envoy's stats as plugin metrics see them (Envoy context.cc defineMetric and friends): every
// plugin metric is an Envoy stat named `wasmcustom.<name>` in one store for the process, so
// workers that define the same name share one counter, gauge or histogram. Ids are per VM
// (see MetricIds); values live here.

export type StatKind = "counter" | "gauge" | "histogram";

export interface Stat {
  kind: StatKind;
  name: string;
  /** Counter and gauge value (u64 as Envoy keeps it). */
  value: bigint;
  /** Histogram samples, in order. */
  samples: bigint[];
}

/** The prefix Envoy puts before plugin metric names (custom_stat_namespace). */
export const CUSTOM_STAT_PREFIX = "wasmcustom.";

export class StatsStore {
  private readonly stats = new Map<string, Stat>();

  /** Finds or creates a stat; the same name with another kind is another stat (Envoy keeps them apart). */
  stat(kind: StatKind, name: string): Stat {
    const key = `${kind}\0${name}`;
    let stat = this.stats.get(key);
    if (!stat) {
      stat = { kind, name, value: 0n, samples: [] };
      this.stats.set(key, stat);
    }
    return stat;
  }

  find(name: string): Stat | undefined {
    for (const stat of this.stats.values()) if (stat.name === name) return stat;
    return undefined;
  }

  all(): Stat[] {
    return [...this.stats.values()];
  }
}
