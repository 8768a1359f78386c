// /stats as Envoy prints it (server/admin/stats_render.cc): `name: value` lines for counters
// and gauges, sorted by name, then histograms with their quantiles; ?format=json gives
// {"stats":[{"name","value"}...]}. Plugin metrics keep Envoy's `wasmcustom.` namespace here,
// as Envoy's /stats shows it (only the Prometheus output strips it).
import type { Stat } from "../../process/stats-store.js";

const QUANTILES = [0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100];

/** The q-th percentile of the samples (nearest rank), as a number, or NaN when there are none. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((q / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

function histogramText(samples: bigint[]): string {
  if (samples.length === 0) return "No recorded values";
  const sorted = samples.map(Number).sort((a, b) => a - b);
  // Envoy prints (interval, cumulative); the gateway keeps no flush intervals, so the first is nan.
  return QUANTILES.map((q) => `P${q}(nan,${quantile(sorted, q)})`).join(" ");
}

const byName = (a: Stat, b: Stat) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function renderStatsText(stats: Stat[], filter: RegExp | null = null): string {
  const shown = stats.filter((s) => !filter || filter.test(s.name));
  const numbers = shown.filter((s) => s.kind !== "histogram").sort(byName);
  const histograms = shown.filter((s) => s.kind === "histogram").sort(byName);
  return [
    ...numbers.map((s) => `${s.name}: ${s.value}\n`),
    ...histograms.map((s) => `${s.name}: ${histogramText(s.samples)}\n`),
  ].join("");
}

export function renderStatsJson(stats: Stat[], filter: RegExp | null = null): string {
  const shown = stats.filter((s) => !filter || filter.test(s.name));
  const numbers = shown.filter((s) => s.kind !== "histogram").sort(byName);
  const histograms = shown.filter((s) => s.kind === "histogram").sort(byName);
  const list: unknown[] = numbers.map((s) => ({ name: s.name, value: Number(s.value) }));
  if (histograms.length > 0) {
    list.push({
      histograms: {
        supported_quantiles: QUANTILES,
        computed_quantiles: histograms.map((h) => {
          const sorted = h.samples.map(Number).sort((a, b) => a - b);
          return {
            name: h.name,
            values: QUANTILES.map((q) => ({ interval: null, cumulative: sorted.length ? quantile(sorted, q) : null })),
          };
        }),
      },
    });
  }
  return `${JSON.stringify({ stats: list }, null, 2)}\n`;
}
