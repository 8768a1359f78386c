// Real clusters by name (what Envoy's ClusterManager gives the router and the wasm Context):
// endpoints picked round robin, a keep-alive HTTP/1.1 pool per cluster, the cluster's connect
// timeout, and for Higress Redis calls one connection per cluster and credentials.
import { Agent } from "node:http";
import { lookup } from "node:dns/promises";
import { WasmResult } from "../abi/enums.js";
import { noHealthyUpstreamReply } from "./async-client-replies.js";
import type {
  Cancellable,
  ClusterManager,
  HttpCalloutRequest,
  HttpCalloutResult,
  RedisCallResult,
  RedisInitOptions,
} from "./cluster-manager.js";
import { parseEndpoint, type Endpoint } from "./endpoint.js";
import { sendHttpCallout } from "./http-callout-client.js";
import { RedisClient } from "./redis-client.js";

export interface ClusterSpec {
  name: string;
  endpoints: Endpoint[];
  /** Envoy's connect_timeout (default 5 s). */
  connectTimeoutMs?: number;
  /** dns_lookup_family: 4 (V4_ONLY), 6 (V6_ONLY) or 0 (either). */
  family?: 0 | 4 | 6;
  /** per_connection_buffer_limit_bytes (1 MiB by default): how much request body the router queues for the upstream before it stops reading the client. */
  bufferLimitBytes?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

export class UpstreamClusters implements ClusterManager {
  private readonly clusters = new Map<string, ClusterSpec & { next: number }>();
  private readonly agents = new Map<string, Agent>();
  private readonly redisClients = new Map<string, RedisClient>();
  private readonly redisByCluster = new Map<string, RedisClient>();

  /** Either full specs, or cluster name → "host:port" (null: a cluster with no endpoint). */
  constructor(clusters: ClusterSpec[] | Record<string, string | null>) {
    const specs = Array.isArray(clusters)
      ? clusters
      : Object.entries(clusters).map(([name, e]) => ({ name, endpoints: e === null ? [] : [parseEndpoint(e)] }));
    for (const c of specs) this.clusters.set(c.name, { ...c, next: 0 });
  }

  hasCluster(name: string): boolean {
    return this.clusters.has(name);
  }

  spec(name: string): ClusterSpec | undefined {
    return this.clusters.get(name);
  }

  /** The next endpoint of a cluster, round robin; null when it has none. */
  pickEndpoint(name: string): Endpoint | null {
    const c = this.clusters.get(name);
    if (!c || c.endpoints.length === 0) return null;
    const e = c.endpoints[c.next % c.endpoints.length];
    c.next++;
    return e;
  }

  /** The keep-alive pool of a cluster (shared by the router and http_call). */
  agent(name: string): Agent {
    let agent = this.agents.get(name);
    if (!agent) {
      const family = this.clusters.get(name)?.family ?? 0;
      agent = new Agent({ keepAlive: true, ...(family ? { family } : {}) });
      this.agents.set(name, agent);
    }
    return agent;
  }

  connectTimeoutMs(name: string): number {
    return this.clusters.get(name)?.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  }

  httpCall(request: HttpCalloutRequest, done: (result: HttpCalloutResult) => void): Cancellable | null {
    const endpoint = this.pickEndpoint(request.cluster);
    if (!endpoint) {
      setImmediate(() => done(noHealthyUpstreamReply()));
      return { cancel: () => undefined };
    }
    return sendHttpCallout(
      endpoint,
      this.agent(request.cluster),
      this.connectTimeoutMs(request.cluster),
      request,
      done,
    );
  }

  redisInit(cluster: string, options: RedisInitOptions): WasmResult {
    const endpoint = this.pickEndpoint(cluster);
    if (!endpoint) return WasmResult.BadArgument;
    const key = `${cluster}\0${options.username}\0${options.password}\0${options.database}\0${options.timeoutMs}`;
    let client = this.redisClients.get(key);
    if (!client) {
      client = new RedisClient(endpoint, options);
      this.redisClients.set(key, client);
    }
    this.redisByCluster.set(cluster, client);
    return WasmResult.Ok;
  }

  redisReady(cluster: string): boolean {
    return this.redisByCluster.has(cluster);
  }

  redisCall(
    cluster: string,
    _token: number,
    query: Uint8Array,
    done: (result: RedisCallResult) => void,
  ): Cancellable | null {
    const client = this.redisByCluster.get(cluster);
    if (!client) return null;
    return client.call(query, done);
  }

  async resolveDns(name: string): Promise<{ address: string; ttl: number }[]> {
    const answers = await lookup(name, { all: true });
    return answers.map((a) => ({ address: `${a.address}:0`, ttl: 0 }));
  }

  close(): void {
    for (const a of this.agents.values()) a.destroy();
    for (const c of this.redisClients.values()) c.close();
    this.agents.clear();
    this.redisClients.clear();
    this.redisByCluster.clear();
  }
}
