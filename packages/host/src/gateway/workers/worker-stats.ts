// The admin's view of the stats under worker threads: the main thread's own (server.*) plus
// the workers' latest, gathered when the admin is asked. Envoy's stats are one value per name
// for the process, so counters and gauges of the same name add up across workers and
// histograms pool their samples.
import { StatsStore, type Stat } from "../../process/stats-store.js";

export class WorkerStats extends StatsStore {
  private gathered: Stat[] = [];

  /** Replaces the workers' part with the sum of these snapshots, one list per worker. */
  replace(perWorker: Stat[][]): void {
    const merged = new Map<string, Stat>();
    for (const list of perWorker) {
      for (const s of list) {
        const key = `${s.kind}\0${s.name}`;
        const into = merged.get(key);
        if (!into) merged.set(key, { kind: s.kind, name: s.name, value: s.value, samples: [...s.samples] });
        else {
          into.value += s.value;
          into.samples.push(...s.samples);
        }
      }
    }
    this.gathered = [...merged.values()];
  }

  override find(name: string): Stat | undefined {
    return super.find(name) ?? this.gathered.find((s) => s.name === name);
  }

  override all(): Stat[] {
    const own = super.all();
    const names = new Set(own.map((s) => `${s.kind}\0${s.name}`));
    return [...own, ...this.gathered.filter((s) => !names.has(`${s.kind}\0${s.name}`))];
  }
}
