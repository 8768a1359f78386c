// The connection manager's and router's stats under Envoy's names (conn_manager_impl.cc
// ALL_HTTP_CONN_MAN_STATS, router upstream_rq_* in router.cc chargeUpstreamCode,
// cluster per-host stats for /clusters): counted once per connection, once when a stream
// starts and once when it ends, so /stats and /stats/prometheus read what Envoy's would.
import type { StatsStore } from "../../process/stats-store.js";
import type { StreamInfo } from "../../context/stream-info.js";
import { responseFlags } from "../access-log/response-flags.js";

/** Per upstream host counters, as /clusters prints them (cluster::host::rq_total::N). */
export interface HostCounters {
  rq_total: number;
  rq_success: number;
  rq_error: number;
  rq_timeout: number;
}

export class StreamStats {
  /** "cluster\0host:port" → counters. */
  readonly hosts = new Map<string, HostCounters>();

  constructor(private readonly stats: StatsStore) {}

  private add(name: string, by = 1n): void {
    this.stats.stat("counter", name).value += by;
  }

  private gauge(name: string, by: bigint): void {
    this.stats.stat("gauge", name).value += by;
  }

  connectionOpened(statPrefix: string, listenerAddress: string): () => void {
    this.add(`http.${statPrefix}.downstream_cx_total`);
    this.add(`http.${statPrefix}.downstream_cx_http1_total`);
    this.gauge(`http.${statPrefix}.downstream_cx_active`, 1n);
    this.add(`listener.${listenerAddress}.downstream_cx_total`);
    this.gauge(`listener.${listenerAddress}.downstream_cx_active`, 1n);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.gauge(`http.${statPrefix}.downstream_cx_active`, -1n);
      this.gauge(`listener.${listenerAddress}.downstream_cx_active`, -1n);
    };
  }

  streamStarted(statPrefix: string): void {
    this.add(`http.${statPrefix}.downstream_rq_total`);
    this.add(`http.${statPrefix}.downstream_rq_http1_total`);
    this.gauge(`http.${statPrefix}.downstream_rq_active`, 1n);
  }

  /** A stream the codec answered before any filter (400, 426, 431...): started and ended at once. */
  frontReply(statPrefix: string, status: number): void {
    this.streamStarted(statPrefix);
    this.streamEnded(statPrefix, {
      responseCode: status,
      upstream: null,
      clusterName: "",
      responseCodeDetails: null,
    } as StreamInfo);
  }

  streamEnded(statPrefix: string, info: StreamInfo): void {
    const p = `http.${statPrefix}`;
    this.gauge(`${p}.downstream_rq_active`, -1n);
    this.add(`${p}.downstream_rq_completed`);
    const code = info.responseCode;
    if (code !== null && code >= 100 && code < 600) this.add(`${p}.downstream_rq_${Math.floor(code / 100)}xx`);
    const flags = responseFlags(info.responseCodeDetails);
    if (flags === "DC") this.add(`${p}.downstream_rq_rx_reset`);
    if (flags === "SI") this.add(`${p}.downstream_rq_idle_timeout`);
    if (info.responseCodeDetails === "request_overall_timeout") this.add(`${p}.downstream_rq_timeout`);
    if (!info.upstream || !info.clusterName) return;
    // The router sent this stream upstream: Envoy charges the cluster with the code it got.
    const c = `cluster.${info.clusterName}`;
    this.add(`${c}.upstream_rq_total`);
    this.add(`${c}.upstream_rq_completed`);
    const key = `${info.clusterName}\0${info.upstream.address}`;
    let host = this.hosts.get(key);
    if (!host) this.hosts.set(key, (host = { rq_total: 0, rq_success: 0, rq_error: 0, rq_timeout: 0 }));
    host.rq_total++;
    if (flags === "UT") {
      this.add(`${c}.upstream_rq_timeout`);
      host.rq_timeout++;
    }
    if (flags === "UF") this.add(`${c}.upstream_cx_connect_fail`);
    if (code !== null && code >= 100 && code < 600) {
      this.add(`${c}.upstream_rq_${code}`);
      this.add(`${c}.upstream_rq_${Math.floor(code / 100)}xx`);
      if (code >= 500) host.rq_error++;
      else host.rq_success++;
    }
  }
}
