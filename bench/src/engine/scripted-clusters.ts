// The clusters a benchmarked plugin calls out to. Every call is answered with what the current
// request scripted (or a default), once the callback that made it has returned, as an answer
// that arrives later would be in Envoy. Nothing is kept per call after delivery: the soak
// sends a million requests through one VM, and the host side must not grow either.
import { WasmResult } from "@gatewasm/host";
import {
  type ClusterManager,
  type HttpCalloutRequest,
  type HttpCalloutResult,
  type RedisCallResult,
} from "@gatewasm/host/internal";

type Done<R> = (result: R) => void;

export class ScriptedClusters implements ClusterManager {
  /** The answer to the next http_call(s). */
  httpAnswer: HttpCalloutResult;
  /** The answer to the next redis_call(s). */
  redisAnswer: RedisCallResult;
  private readonly waitingHttp: Done<HttpCalloutResult>[] = [];
  private readonly waitingRedis: Done<RedisCallResult>[] = [];
  /** Calls made since the counters were read (a request that should call and did not is a finding). */
  httpCalls = 0;
  redisCalls = 0;
  /** The latest call of each kind, so a test can compare what plugin and baseline sent. */
  lastHttpCall: HttpCalloutRequest | null = null;
  lastRedisQuery: Uint8Array | null = null;

  constructor(httpAnswer: HttpCalloutResult, redisAnswer: RedisCallResult) {
    this.httpAnswer = httpAnswer;
    this.redisAnswer = redisAnswer;
  }

  hasCluster(): boolean {
    return true;
  }

  httpCall(request: HttpCalloutRequest, done: Done<HttpCalloutResult>) {
    this.httpCalls++;
    this.lastHttpCall = request;
    this.waitingHttp.push(done);
    return { cancel: () => undefined };
  }

  redisInit(): WasmResult {
    return WasmResult.Ok;
  }

  redisReady(): boolean {
    return true;
  }

  redisCall(_cluster: string, _token: number, query: Uint8Array, done: Done<RedisCallResult>) {
    this.redisCalls++;
    this.lastRedisQuery = query;
    this.waitingRedis.push(done);
    return { cancel: () => undefined };
  }

  async resolveDns(): Promise<{ address: string; ttl: number }[]> {
    return [];
  }

  /** Answers every call made so far (answers may lead to more calls: those are answered too). */
  deliver(): void {
    while (this.waitingHttp.length > 0 || this.waitingRedis.length > 0) {
      const http = this.waitingHttp.shift();
      if (http) http(this.httpAnswer);
      const redis = this.waitingRedis.shift();
      if (redis) redis(this.redisAnswer);
    }
  }
}
