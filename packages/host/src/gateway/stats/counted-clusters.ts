// The clusters as the wasm filters reach them, with the upstream stats Envoy keeps for an
// http_call: its async client goes through the router of the named cluster, so the call counts
// in `cluster.<name>.upstream_rq_total` and `upstream_rq_<code>` / `_<class>xx` like a proxied
// request (a cluster with no endpoint answers 503 without an upstream request, uncounted, as
// Envoy's router does). Everything else is passed through.
import type { WasmResult } from "../../abi/enums.js";
import type {
  Cancellable,
  ClusterManager,
  HttpCalloutRequest,
  HttpCalloutResult,
  RedisCallResult,
  RedisInitOptions,
} from "../../clusters/cluster-manager.js";
import type { UpstreamClusters } from "../../clusters/upstream-clusters.js";
import type { StatsStore } from "../../process/stats-store.js";

export class CountedClusters implements ClusterManager {
  constructor(
    private readonly clusters: UpstreamClusters,
    private readonly stats: StatsStore,
  ) {}

  private add(name: string): void {
    this.stats.stat("counter", name).value++;
  }

  hasCluster(name: string): boolean {
    return this.clusters.hasCluster(name);
  }

  httpCall(request: HttpCalloutRequest, done: (result: HttpCalloutResult) => void): Cancellable | null {
    const counted = (this.clusters.spec(request.cluster)?.endpoints.length ?? 0) > 0;
    const c = `cluster.${request.cluster}`;
    const sent = this.clusters.httpCall(request, (result) => {
      if (counted && result.kind === "response") {
        const status = Number(result.headers.find(([k]) => k === ":status")?.[1]);
        if (Number.isInteger(status) && status >= 100 && status < 600) {
          this.add(`${c}.upstream_rq_${status}`);
          this.add(`${c}.upstream_rq_${Math.floor(status / 100)}xx`);
        }
        this.add(`${c}.upstream_rq_completed`);
      }
      done(result);
    });
    if (sent && counted) this.add(`${c}.upstream_rq_total`);
    return sent;
  }

  redisInit(cluster: string, options: RedisInitOptions): WasmResult {
    return this.clusters.redisInit(cluster, options);
  }

  redisReady(cluster: string): boolean {
    return this.clusters.redisReady(cluster);
  }

  redisCall(
    cluster: string,
    token: number,
    query: Uint8Array,
    done: (result: RedisCallResult) => void,
  ): Cancellable | null {
    return this.clusters.redisCall(cluster, token, query, done);
  }

  resolveDns(name: string): Promise<{ address: string; ttl: number }[]> {
    return this.clusters.resolveDns(name);
  }
}
