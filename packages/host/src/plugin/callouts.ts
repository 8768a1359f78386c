// Callouts of one VM, made on its root context: http_call (Envoy context.cc httpCall,
// onHttpCallSuccess/Failure), Higress redis_init/redis_call (Higress Envoy context.cc), and
// envoy_resolve_dns. Tokens count up by 4 with the callout type in the low two bits. A
// result that arrives while the VM is running another callback waits until it returns
// (Envoy defers it as an after-VM-call action). A finished stream does not cancel its calls.
import { CalloutType, LogLevel, WasmResult } from "../abi/enums.js";
import type { HeaderPair } from "../abi/pairs.js";
import type { Cancellable, HttpCalloutResult, RedisCallResult } from "../clusters/cluster-manager.js";
import { parseRedisCluster } from "../clusters/redis-cluster-name.js";
import { HeaderMap } from "../context/header-map.js";
import { IdTable } from "./id-table.js";
import type { HttpCallArgs } from "../hostcalls/host-call-env.js";
import type { RootContext } from "../context/root-context.js";
import type { WasmVm } from "../vm/wasm-vm.js";
import type { WorkerEnvironment } from "./plugin-config.js";

/**
 * What callouts need of the plugin that makes them (PluginVm, which owns them): an interface,
 * so this file does not import the class that imports it.
 */
interface CalloutOwner {
  readonly vm: WasmVm;
  readonly root: RootContext;
  readonly worker: Pick<WorkerEnvironment, "clusters">;
  readonly failed: boolean;
  readonly isDisposed: boolean;
  invoke(name: string, contextId: number, ...args: number[]): number | undefined;
  hostLog(level: LogLevel, message: string): void;
}

export class Callouts {
  private nextHttp: number = CalloutType.HttpCall;
  private nextRedis: number = CalloutType.RedisCall;
  private nextDns = 0;
  private readonly pending = new IdTable<Cancellable | null>();

  constructor(private readonly plugin: CalloutOwner) {}

  /**
   * Registers a token and sends: a send that cannot start is InternalFailure (and leaves no
   * pending call); an answer goes to `deliver` once the VM is idle.
   */
  private send<R>(
    token: number,
    start: (done: (result: R) => void) => Cancellable | null,
    deliver: (token: number, result: R) => void,
  ): { result: WasmResult; token: number } {
    this.pending.set(token, null);
    const handle = start((result) => this.whenIdle(() => deliver(token, result)));
    if (!handle) {
      this.pending.delete(token);
      return { result: WasmResult.InternalFailure, token: 0 };
    }
    if (this.pending.has(token)) this.pending.set(token, handle);
    return { result: WasmResult.Ok, token };
  }

  /** True if the answer for `token` should reach the plugin; drops it otherwise (VM failed or gone). */
  private deliverable(token: number): boolean {
    if (!this.pending.has(token)) return false;
    if (!this.plugin.failed && !this.plugin.isDisposed) return true;
    this.pending.delete(token);
    return false;
  }

  /** Runs now, or after the current VM call if one is running. */
  private whenIdle(fn: () => void): void {
    if (this.plugin.vm.inCall) this.plugin.vm.deferAfterCall(fn);
    else fn();
  }

  httpCall(args: HttpCallArgs): { result: WasmResult; token: number } {
    const clusters = this.plugin.worker.clusters;
    if (args.timeoutMs < 0) return { result: WasmResult.BadArgument, token: 0 };
    if (!clusters.hasCluster(args.cluster)) {
      this.plugin.hostLog(LogLevel.Debug, `http_call: no cluster named "${args.cluster}" (BadArgument)`);
      return { result: WasmResult.BadArgument, token: 0 };
    }
    const headers = new HeaderMap(args.headers);
    if (
      headers.get(":path") === undefined ||
      headers.get(":method") === undefined ||
      headers.get(":authority") === undefined
    ) {
      return { result: WasmResult.BadArgument, token: 0 };
    }
    if (args.body.length > 0) headers.replace("content-length", String(args.body.length));
    this.nextHttp += 4;
    const token = this.nextHttp;
    const request = {
      token,
      cluster: args.cluster,
      headers: headers.toPairs(),
      body: args.body,
      trailers: new HeaderMap(args.trailers).toPairs(),
      timeoutMs: args.timeoutMs === 0 ? null : args.timeoutMs,
    };
    return this.send<HttpCalloutResult>(
      token,
      (done) => clusters.httpCall(request, done),
      (t, r) => this.deliverHttp(t, r),
    );
  }

  private deliverHttp(token: number, result: HttpCalloutResult): void {
    if (!this.deliverable(token)) return;
    const plugin = this.plugin;
    const callouts = plugin.root.callouts;
    const count = (pairs: HeaderPair[]) => pairs.length;
    if (result.kind === "response") {
      callouts.httpCallResponse = {
        headers: new HeaderMap(result.headers),
        body: result.body,
        trailers: result.trailers.length ? new HeaderMap(result.trailers) : null,
      };
      plugin.vm.deferAfterCall(() => {
        callouts.httpCallResponse = null;
        this.pending.delete(token);
      });
      plugin.invoke(
        "proxy_on_http_call_response",
        plugin.root.id,
        plugin.root.id,
        token,
        count(result.headers),
        result.body.length,
        count(result.trailers),
      );
    } else {
      callouts.statusCode = WasmResult.BrokenConnection;
      callouts.statusMessage = "reset";
      plugin.vm.deferAfterCall(() => {
        callouts.statusMessage = "";
        this.pending.delete(token);
      });
      plugin.invoke("proxy_on_http_call_response", plugin.root.id, plugin.root.id, token, 0, 0, 0);
    }
  }

  redisInit(cluster: string, username: string, password: string, timeoutMs: number): WasmResult {
    const parsed = parseRedisCluster(cluster);
    const clusters = this.plugin.worker.clusters;
    if (!clusters.hasCluster(parsed.name)) {
      this.plugin.hostLog(LogLevel.Debug, `redis_init: no cluster named "${parsed.name}" (BadArgument)`);
      return WasmResult.BadArgument;
    }
    return clusters.redisInit(parsed.name, { ...parsed.options, username, password, timeoutMs });
  }

  redisCall(cluster: string, query: Uint8Array): { result: WasmResult; token: number } {
    const name = parseRedisCluster(cluster).name;
    const clusters = this.plugin.worker.clusters;
    if (!clusters.hasCluster(name) || !clusters.redisReady(name)) {
      this.plugin.hostLog(
        LogLevel.Debug,
        `redis_call: cluster "${name}" is unknown or was not initialized with redis_init (BadArgument)`,
      );
      return { result: WasmResult.BadArgument, token: 0 };
    }
    this.nextRedis += 4;
    const token = this.nextRedis;
    return this.send<RedisCallResult>(
      token,
      (done) => clusters.redisCall(name, token, query, done),
      (t, r) => this.deliverRedis(t, r),
    );
  }

  private deliverRedis(token: number, result: RedisCallResult): void {
    if (!this.deliverable(token)) return;
    const plugin = this.plugin;
    const callouts = plugin.root.callouts;
    const reply = result.status === 0 ? result.reply : new Uint8Array(0);
    callouts.redisCallResponse = reply;
    if (result.status !== 0) {
      callouts.statusCode = WasmResult.BrokenConnection;
      callouts.statusMessage = "reset";
    }
    plugin.vm.deferAfterCall(() => {
      callouts.redisCallResponse = null;
      if (result.status !== 0) callouts.statusMessage = "";
      this.pending.delete(token);
    });
    plugin.invoke("proxy_on_redis_call_response", plugin.root.id, plugin.root.id, token, result.status, reply.length);
  }

  resolveDns(name: string): { result: WasmResult; token: number } {
    const token = ++this.nextDns;
    const plugin = this.plugin;
    plugin.worker.clusters.resolveDns(name).then(
      (answers) => this.whenIdle(() => this.deliverDns(token, answers)),
      () => this.whenIdle(() => this.deliverDns(token, [])),
    );
    return { result: WasmResult.Ok, token };
  }

  /** Envoy Context::onResolveDns: u32 N | N × u32 ttl | N × NUL-terminated address. */
  private deliverDns(token: number, answers: { address: string; ttl: number }[]): void {
    const plugin = this.plugin;
    if (plugin.failed || plugin.isDisposed || !plugin.vm.has("envoy_on_resolve_dns")) return;
    let data = new Uint8Array(0);
    if (answers.length > 0) {
      const addrs = answers.map((a) => Buffer.from(`${a.address}\0`, "utf8"));
      const head = new Uint8Array(4 + 4 * answers.length);
      const view = new DataView(head.buffer);
      view.setUint32(0, answers.length, true);
      answers.forEach((a, i) => view.setUint32(4 + 4 * i, a.ttl >>> 0, true));
      data = Buffer.concat([head, ...addrs]);
    }
    plugin.root.callData = data;
    plugin.invoke("envoy_on_resolve_dns", plugin.root.id, plugin.root.id, token, data.length);
    plugin.root.callData = null;
  }

  /** The VM is going away: outstanding calls are cancelled and their answers dropped. */
  cancelAll(): void {
    for (const handle of this.pending.values()) handle?.cancel();
    this.pending.clear();
  }

  /** Tokens of calls still waiting for an answer, ascending. */
  get outstanding(): number[] {
    return this.pending.keys();
  }
}
