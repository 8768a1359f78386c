// The clusters a plugin under test calls out to. By default every call waits for the test to
// answer it (getHttpCalls / getRedisCalls); a handler function can answer instead, and a map
// of cluster names to "host:port" sends calls to real services through the same clients the
// gateway uses.
import { lookup } from "node:dns/promises";
import { WasmResult } from "../abi/enums.js";
import type {
  Cancellable,
  ClusterManager,
  HttpCalloutRequest,
  HttpCalloutResult,
  RedisCallResult,
  RedisInitOptions,
} from "../clusters/cluster-manager.js";
import { UpstreamClusters } from "../clusters/upstream-clusters.js";
import type { ManualDispatcher } from "./manual-dispatcher.js";
import { PendingHttpCall, PendingRedisCall, type HttpCallResponse } from "./pending-calls.js";

type HttpCallAnswer = HttpCallResponse | "timeout" | "connect-failure" | "reset" | undefined;
/** Answers an http_call; undefined leaves it for the test to answer. */
export type HttpCallHandler = (call: PendingHttpCall) => HttpCallAnswer | Promise<HttpCallAnswer>;

type RedisAnswer = Uint8Array | string | { value: import("../clusters/resp.js").RespValue } | "fail" | undefined;
/** Answers a redis call; undefined leaves it for the test to answer. */
export type RedisCallHandler = (call: PendingRedisCall) => RedisAnswer | Promise<RedisAnswer>;

export interface TestClusterOptions {
  /** Cluster names that exist (others are BadArgument, as in Envoy). Default: every name exists. */
  clusters?: readonly string[];
  /** "manual" (default), a handler, or real upstreams: { clusterName: "host:port" }. */
  httpCalls?: "manual" | HttpCallHandler | Record<string, string>;
  /** "manual" (default), a handler, or real Redis servers: { clusterName: "host:port" }. */
  redis?: "manual" | RedisCallHandler | Record<string, string>;
}

export interface RedisInitRecord extends RedisInitOptions {
  cluster: string;
}

export class TestClusters implements ClusterManager {
  readonly httpCalls: PendingHttpCall[] = [];
  readonly redisCalls: PendingRedisCall[] = [];
  readonly redisInits: RedisInitRecord[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly real: UpstreamClusters | null;

  constructor(
    private readonly options: TestClusterOptions,
    private readonly afterDelivery: () => void,
    /** The worker dispatcher: answers a handler gives synchronously wait for the current event to end. */
    private readonly dispatcher: ManualDispatcher,
  ) {
    const http = typeof options.httpCalls === "object" ? options.httpCalls : {};
    const redis = typeof options.redis === "object" ? options.redis : {};
    const endpoints = { ...http, ...redis };
    this.real = Object.keys(endpoints).length > 0 ? new UpstreamClusters(endpoints) : null;
  }

  hasCluster(name: string): boolean {
    if (this.real?.hasCluster(name)) return true;
    return this.options.clusters ? this.options.clusters.includes(name) : true;
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Waits until answers that are on their way (handler promises, real upstreams) have been delivered. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  httpCall(request: HttpCalloutRequest, done: (result: HttpCalloutResult) => void): Cancellable | null {
    const deliver = (r: HttpCalloutResult) => {
      done(r);
      this.afterDelivery();
    };
    const mode = this.options.httpCalls ?? "manual";
    if (typeof mode === "object" && this.real?.hasCluster(request.cluster)) {
      let settle!: () => void;
      this.track(new Promise<void>((r) => (settle = r)));
      const handle = this.real.httpCall(request, (r) => {
        deliver(r);
        settle();
      });
      if (!handle) settle();
      return handle;
    }
    const call = new PendingHttpCall(
      request.token,
      request.cluster,
      request.headers,
      Buffer.from(request.body),
      request.trailers,
      request.timeoutMs,
      deliver,
      request.timeoutMs === null ? null : this.dispatcher.nowMs + request.timeoutMs,
    );
    this.httpCalls.push(call);
    if (typeof mode === "function") {
      const answer = (a: HttpCallAnswer) => {
        if (a === undefined || call.isAnswered) return;
        if (a === "timeout") call.timeout();
        else if (a === "connect-failure") call.connectFailure();
        else if (a === "reset") call.reset();
        else call.respond(a);
      };
      const r = mode(call);
      if (r instanceof Promise) this.track(r.then(answer));
      // Envoy's answer is a later event, never inside the plugin's http_call: post it, so the
      // callback that made the call returns (and its pause takes effect) first.
      else if (r !== undefined) this.dispatcher.post(() => answer(r));
    }
    return { cancel: () => call.cancel() };
  }

  /** The unanswered http_call whose timeout is due first, at or before `limitMs`. */
  nextTimeoutDue(limitMs: number): PendingHttpCall | undefined {
    let next: PendingHttpCall | undefined;
    for (const c of this.httpCalls) {
      if (c.isAnswered || c.isCancelled || c.deadlineMs === null || c.deadlineMs > limitMs) continue;
      if (!next || c.deadlineMs < next.deadlineMs!) next = c;
    }
    return next;
  }

  redisInit(cluster: string, options: RedisInitOptions): WasmResult {
    this.redisInits.push({ cluster, ...options });
    if (this.real?.hasCluster(cluster)) return this.real.redisInit(cluster, options);
    return WasmResult.Ok;
  }

  redisReady(cluster: string): boolean {
    return this.redisInits.some((i) => i.cluster === cluster);
  }

  redisCall(
    cluster: string,
    token: number,
    query: Uint8Array,
    done: (result: RedisCallResult) => void,
  ): Cancellable | null {
    const deliver = (r: RedisCallResult) => {
      done(r);
      this.afterDelivery();
    };
    const mode = this.options.redis ?? "manual";
    if (typeof mode === "object" && this.real?.hasCluster(cluster)) {
      let settle!: () => void;
      this.track(new Promise<void>((r) => (settle = r)));
      const handle = this.real.redisCall(cluster, token, query, (r) => {
        deliver(r);
        settle();
      });
      if (!handle) settle();
      return handle;
    }
    const call = new PendingRedisCall(token, cluster, Buffer.from(query), deliver);
    this.redisCalls.push(call);
    if (typeof mode === "function") {
      const answer = (a: RedisAnswer) => {
        if (a === undefined || call.isAnswered) return;
        if (a === "fail") call.fail();
        else call.reply(a);
      };
      const r = mode(call);
      if (r instanceof Promise) this.track(r.then(answer));
      else answer(r);
    }
    return { cancel: () => undefined };
  }

  async resolveDns(name: string): Promise<{ address: string; ttl: number }[]> {
    const answers = await lookup(name, { all: true });
    return answers.map((a) => ({ address: `${a.address}:0`, ttl: 0 }));
  }

  close(): void {
    this.real?.close();
  }
}
