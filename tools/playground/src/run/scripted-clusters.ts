// Every cluster the plugin calls answers from the page's scripts: an http_call gets the
// scripted reply, a Redis call the next scripted reply (the last one again once they run out).
// Like the test kit's handlers, an answer is a later event, never inside the plugin's call.
import {
  PendingHttpCall,
  PendingRedisCall,
  WasmResult,
  type Cancellable,
  type ClusterManager,
  type HttpCalloutRequest,
  type HttpCalloutResult,
  type HttpCallResponse,
  type ManualDispatcher,
  type RedisCallResult,
  type RedisInitOptions,
  type RespValue,
} from "@gatewasm/host/engine";

export type HttpReplyScript = HttpCallResponse | "timeout" | "connect-failure";

export class ScriptedClusters implements ClusterManager {
  readonly httpCalls: PendingHttpCall[] = [];
  readonly redisCalls: PendingRedisCall[] = [];
  readonly redisInits: (RedisInitOptions & { cluster: string })[] = [];
  private redisAnswered = 0;

  constructor(
    private readonly dispatcher: ManualDispatcher,
    private readonly httpReply: HttpReplyScript,
    private readonly redisReplies: readonly RespValue[],
  ) {}

  hasCluster(): boolean {
    return true;
  }

  httpCall(request: HttpCalloutRequest, done: (result: HttpCalloutResult) => void): Cancellable {
    const call = new PendingHttpCall(
      request.token,
      request.cluster,
      request.headers,
      Buffer.from(request.body),
      request.trailers,
      request.timeoutMs,
      done,
    );
    this.httpCalls.push(call);
    const reply = this.httpReply;
    this.dispatcher.post(() => {
      if (call.isAnswered || call.isCancelled) return;
      if (reply === "timeout") call.timeout();
      else if (reply === "connect-failure") call.connectFailure();
      else call.respond(reply);
    });
    return { cancel: () => call.cancel() };
  }

  redisInit(cluster: string, options: RedisInitOptions): WasmResult {
    this.redisInits.push({ cluster, ...options });
    return WasmResult.Ok;
  }

  redisReady(cluster: string): boolean {
    return this.redisInits.some((i) => i.cluster === cluster);
  }

  redisCall(cluster: string, token: number, query: Uint8Array, done: (result: RedisCallResult) => void): Cancellable {
    const call = new PendingRedisCall(token, cluster, Buffer.from(query), done);
    this.redisCalls.push(call);
    const replies = this.redisReplies;
    const value = replies.length === 0 ? null : replies[Math.min(this.redisAnswered++, replies.length - 1)];
    this.dispatcher.post(() => {
      if (!call.isAnswered) call.reply({ value });
    });
    return { cancel: () => undefined };
  }

  async resolveDns(): Promise<{ address: string; ttl: number }[]> {
    return [];
  }
}
