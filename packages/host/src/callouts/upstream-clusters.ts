// Real clusters by name (what Envoy's ClusterManager gives the wasm Context): http_call goes to
// the cluster's HTTP/1.1 endpoint over a keep-alive pool, Higress Redis calls to its Redis
// endpoint over one connection per credentials.
import { Agent } from "node:http";
import { lookup } from "node:dns/promises";
import { WasmResult } from "../abi/enums.js";
import { noHealthyUpstreamReply } from "./async-client-replies.js";
import type { Cancellable, ClusterManager, HttpCalloutRequest, HttpCalloutResult, RedisCallResult, RedisInitOptions } from "./cluster-manager.js";
import { parseEndpoint, type Endpoint } from "./endpoint.js";
import { sendHttpCallout } from "./http-callout-client.js";
import { RedisClient } from "./redis-client.js";

export class UpstreamClusters implements ClusterManager {
  private readonly endpoints = new Map<string, Endpoint | null>();
  private readonly agents = new Map<string, Agent>();
  private readonly redisClients = new Map<string, RedisClient>();
  private readonly redisByCluster = new Map<string, RedisClient>();

  /** `endpoints`: cluster name → "host:port", or null for a cluster with no endpoint. */
  constructor(endpoints: Record<string, string | null>) {
    for (const [name, e] of Object.entries(endpoints)) this.endpoints.set(name, e === null ? null : parseEndpoint(e));
  }

  hasCluster(name: string): boolean {
    return this.endpoints.has(name);
  }

  endpoint(name: string): Endpoint | null {
    return this.endpoints.get(name) ?? null;
  }

  /** The keep-alive pool of a cluster (shared with the gateway's router). */
  agent(name: string): Agent {
    let agent = this.agents.get(name);
    if (!agent) {
      agent = new Agent({ keepAlive: true });
      this.agents.set(name, agent);
    }
    return agent;
  }

  httpCall(request: HttpCalloutRequest, done: (result: HttpCalloutResult) => void): Cancellable | null {
    const endpoint = this.endpoint(request.cluster);
    if (!endpoint) {
      setImmediate(() => done(noHealthyUpstreamReply()));
      return { cancel: () => undefined };
    }
    return sendHttpCallout(endpoint, this.agent(request.cluster), request, done);
  }

  redisInit(cluster: string, options: RedisInitOptions): WasmResult {
    const endpoint = this.endpoint(cluster);
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

  redisCall(cluster: string, _token: number, query: Uint8Array, done: (result: RedisCallResult) => void): Cancellable | null {
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
