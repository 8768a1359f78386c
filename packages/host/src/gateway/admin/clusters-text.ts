// /clusters as Envoy prints it (server/admin/clusters_handler.cc, text form): a few cluster
// settings, then `cluster::host:port::stat::value` lines per endpoint. The gateway runs no
// health checks or outlier detection, so every host is healthy and success rates are -1.
import type { ClusterSpec } from "../../clusters/upstream-clusters.js";
import type { HostCounters } from "../stats/stream-stats.js";

export function renderClusters(clusters: readonly ClusterSpec[], hosts: ReadonlyMap<string, HostCounters>): string {
  let out = "";
  for (const c of clusters) {
    const n = c.name;
    out += `${n}::observability_name::${n}\n`;
    for (const p of ["default_priority", "high_priority"]) {
      out += `${n}::${p}::max_connections::1024\n${n}::${p}::max_pending_requests::1024\n`;
      out += `${n}::${p}::max_requests::1024\n${n}::${p}::max_retries::3\n`;
    }
    out += `${n}::added_via_api::false\n`;
    for (const e of c.endpoints) {
      const address = `${e.host.includes(":") ? `[${e.host}]` : e.host}:${e.port}`;
      const h = hosts.get(`${n}\0${e.host}:${e.port}`) ?? { rq_total: 0, rq_success: 0, rq_error: 0, rq_timeout: 0 };
      const at = `${n}::${address}`;
      for (const [k, v] of Object.entries(h)) out += `${at}::${k}::${v}\n`;
      out += `${at}::hostname::${e.host}\n${at}::health_flags::healthy\n${at}::weight::1\n`;
      out += `${at}::region::\n${at}::zone::\n${at}::sub_zone::\n${at}::canary::false\n${at}::priority::0\n`;
      out += `${at}::success_rate::-1\n${at}::local_origin_success_rate::-1\n`;
    }
  }
  return out;
}
