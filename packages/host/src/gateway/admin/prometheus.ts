// /stats/prometheus as Envoy renders it (server/admin/prometheus_stats.cc): counters, then
// gauges, then histograms; within each, one group per tag-extracted name, sorted, with a
// `# TYPE` line and a blank line after it. Envoy's own stats get the `envoy_` prefix and
// their tags as labels; plugin metrics (the `wasmcustom.` namespace) are exposed under their
// own name without it, and left out when that name cannot be a Prometheus name.
import { CUSTOM_STAT_PREFIX, type Stat, type StatKind } from "../../process/stats-store.js";
import { extractTags, type Tag } from "./tag-extraction.js";

/** Envoy's default histogram buckets (histogram_impl.cc defaultBuckets). */
const HISTOGRAM_BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];

const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, "_");

/** The Prometheus name of a tag-extracted stat name, or null when Envoy leaves it out. */
function metricName(extracted: string): string | null {
  if (extracted.startsWith(CUSTOM_STAT_PREFIX)) {
    const own = sanitize(extracted.slice(CUSTOM_STAT_PREFIX.length));
    return own === "" || /^\d/.test(own) ? null : own;
  }
  return `envoy_${sanitize(extracted)}`;
}

const labels = (tags: Tag[]) => tags.map((t) => `${sanitize(t.name)}="${t.value}"`).join(",");

function histogramLines(name: string, tags: Tag[], samples: bigint[]): string {
  const t = labels(tags);
  const prefix = t ? `${t},` : "";
  const values = samples.map(Number);
  let out = "";
  for (const le of HISTOGRAM_BUCKETS)
    out += `${name}_bucket{${prefix}le="${le}"} ${values.filter((v) => v <= le).length}\n`;
  out += `${name}_bucket{${prefix}le="+Inf"} ${values.length}\n`;
  out += `${name}_sum{${t}} ${values.reduce((a, b) => a + b, 0)}\n`;
  out += `${name}_count{${t}} ${values.length}\n`;
  return out;
}

export function renderPrometheus(stats: Stat[], filter: RegExp | null = null): string {
  let out = "";
  for (const kind of ["counter", "gauge", "histogram"] as StatKind[]) {
    const groups = new Map<string, { stat: Stat; tags: Tag[] }[]>();
    for (const stat of stats) {
      if (stat.kind !== kind || (filter && !filter.test(stat.name))) continue;
      const { name, tags } = extractTags(stat.name);
      const list = groups.get(name) ?? [];
      list.push({ stat, tags });
      groups.set(name, list);
    }
    for (const extracted of [...groups.keys()].sort()) {
      const name = metricName(extracted);
      if (name === null) continue;
      out += `# TYPE ${name} ${kind}\n`;
      const members = groups
        .get(extracted)!
        .sort((a, b) => (a.stat.name < b.stat.name ? -1 : a.stat.name > b.stat.name ? 1 : 0));
      for (const { stat, tags } of members) {
        out +=
          kind === "histogram" ? histogramLines(name, tags, stat.samples) : `${name}{${labels(tags)}} ${stat.value}\n`;
      }
      out += "\n";
    }
  }
  return out;
}
