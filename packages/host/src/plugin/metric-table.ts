// Metric ids of one VM (Envoy Wasm::nextCounterMetricId / nextGaugeMetricId /
// nextHistogramMetricId, cpp-host wasm.h kMetricIdIncrement): each type counts up by 4 from its
// own number, so the type is in the low two bits. Defining a name again gives a new id for
// the same stat.
import { MetricType } from "../abi/enums.js";
import type { MetricTable } from "../hostcalls/host-call-env.js";
import { CUSTOM_STAT_PREFIX, type Stat, type StatKind, type StatsStore } from "../process/stats-store.js";

const KINDS: Record<number, StatKind> = {
  [MetricType.Counter]: "counter",
  [MetricType.Gauge]: "gauge",
  [MetricType.Histogram]: "histogram",
};

export class VmMetricTable implements MetricTable {
  private readonly next = [MetricType.Counter, MetricType.Gauge, MetricType.Histogram] as number[];
  private readonly byId = new Map<number, Stat>();

  constructor(private readonly store: StatsStore) {}

  define(type: number, name: string): number | null {
    const kind = KINDS[type];
    if (!kind) return null;
    this.next[type] += 4;
    const id = this.next[type];
    this.byId.set(id, this.store.stat(kind, CUSTOM_STAT_PREFIX + name));
    return id;
  }

  get(id: number): Stat | undefined {
    return this.byId.get(id);
  }
}
