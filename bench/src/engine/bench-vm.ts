// One plugin on one VM, driven through the host's own stream path (FilterManager and the wasm
// filter, as the gateway and the test kit use them) without the test kit's recorders. Every
// benchmark uses it, so plugin, baseline and no-op module run exactly the same host code.
import { CompiledPlugin, LogLevel, type Flavor, type HeaderPair, type PluginLogEntry } from "@gatewasm/host";
import {
  DEFAULT_BUFFER_LIMIT_BYTES,
  FilterManager,
  HeaderMap,
  HostProcess,
  PluginStartError,
  PluginVm,
  StreamInfo,
  type Dispatcher,
  type HttpCalloutResult,
  type RedisCallResult,
  type StreamFilter,
} from "@gatewasm/host/internal";
import { ScriptedClusters } from "./scripted-clusters.js";
import { DownstreamEnd, UpstreamEnd } from "./stream-ends.js";

export interface BenchRequest {
  headers: HeaderPair[];
  /** null: the request ends with its headers. */
  body: Uint8Array | null;
  /** The matched route's name (rules by route). */
  routeName: string;
  /** What the upstream answers if the request reaches it. */
  responseHeaders: HeaderPair[];
  responseBody: Uint8Array | null;
  /** Answers to the plugin's callouts during this request (defaults: the VM's). */
  httpAnswer?: HttpCalloutResult;
  redisAnswer?: RedisCallResult;
}

/** How a stream ended: the client's status (0: none, the stream was reset), and how much of the request went in. */
export interface StreamOutcome {
  status: number;
  reachedUpstream: boolean;
  /** Parts handed to the stream while it was open: request headers, body, response headers, body. */
  delivered: number;
}

export interface BenchVmOptions {
  /** A compiled module (compile once, start many VMs) or the bytes. */
  wasm: CompiledPlugin | Uint8Array;
  configuration: string | Uint8Array;
  flavor: Flavor;
  /** PluginConfig.root_id (default ""): a proxy-runtime module picks its root context by it. */
  rootId?: string;
  /** Lowest plugin log level the host passes on (Envoy's default for wasm is info). */
  logLevel?: LogLevel;
  httpAnswer?: HttpCalloutResult;
  redisAnswer?: RedisCallResult;
}

/** The plugin did not start: refused its configuration (a rejection) or trapped (a failure). */
export class StartFailure extends Error {
  constructor(
    message: string,
    readonly trapped: boolean,
    readonly hostLines: string[],
  ) {
    super(message);
  }
}

/** Work the host posts to the worker runs after each request; timers never fire on their own. */
class PostedWork implements Dispatcher {
  private readonly queue: (() => void)[] = [];
  post(fn: () => void): void {
    this.queue.push(fn);
  }
  every() {
    return { cancel: () => undefined };
  }
  run(): void {
    while (this.queue.length > 0) this.queue.shift()!();
  }
}

const OK_HTTP: HttpCalloutResult = {
  kind: "response",
  headers: [[":status", "200"]],
  body: new Uint8Array(0),
  trailers: [],
};
const OK_REDIS: RedisCallResult = { status: 0, reply: Buffer.from("+OK\r\n") };
const bytes = (s: string | Uint8Array) => (typeof s === "string" ? Buffer.from(s, "utf8") : s);

export class BenchVm {
  /** Plugin log lines by level (not kept: a million requests would fill the heap). */
  readonly logCounts = new Map<string, number>();
  /** The host's lines about the plugin (traps, refused calls); the last 20. */
  readonly hostLines: string[] = [];

  private constructor(
    readonly plugin: PluginVm,
    readonly clusters: ScriptedClusters,
    private readonly posted: PostedWork,
  ) {}

  static start(options: BenchVmOptions): BenchVm {
    const compiled =
      options.wasm instanceof CompiledPlugin ? options.wasm : CompiledPlugin.compile(options.wasm, options.flavor);
    const clusters = new ScriptedClusters(options.httpAnswer ?? OK_HTTP, options.redisAnswer ?? OK_REDIS);
    const posted = new PostedWork();
    let vm: BenchVm | null = null;
    const pending: PluginLogEntry[] = [];
    const t0 = process.hrtime.bigint();
    const plugin = PluginVm.create(
      compiled,
      {
        name: "bench",
        rootId: options.rootId ?? "",
        vmId: "",
        configuration: bytes(options.configuration),
        vmConfiguration: new Uint8Array(0),
        environment: new Map(),
        failurePolicy: "FAIL_CLOSED",
        allowOnHeadersStopIteration: false,
        listenerDirection: 0,
      },
      {
        process: new HostProcess(),
        dispatcher: posted,
        clusters,
        flavor: options.flavor,
        now: () => BigInt(Date.now()) * 1_000_000n,
        monotonic: () => process.hrtime.bigint() - t0,
        logLevel: options.logLevel ?? LogLevel.Info,
        onLog: (entry) => (vm ? vm.note(entry) : pending.push(entry)),
        node: { id: "bench", cluster: "bench" },
        extraProperties: new Map(),
        bufferLimitBytes: DEFAULT_BUFFER_LIMIT_BYTES,
      },
    );
    vm = new BenchVm(plugin, clusters, posted);
    for (const entry of pending) vm.note(entry);
    try {
      plugin.start();
    } catch (e) {
      const trapped = plugin.vm.failed;
      plugin.dispose();
      if (e instanceof PluginStartError) throw new StartFailure(e.message, trapped, vm.hostLines);
      throw e;
    }
    posted.run();
    return vm;
  }

  private note(entry: PluginLogEntry): void {
    if (entry.source === "host") {
      this.hostLines.push(entry.message);
      if (this.hostLines.length > 20) this.hostLines.shift();
      return;
    }
    this.logCounts.set(entry.levelName, (this.logCounts.get(entry.levelName) ?? 0) + 1);
  }

  /** Linear memory in 64 KiB pages. */
  get pages(): number {
    return this.plugin.vm.memory.buffer.byteLength / 65536;
  }

  /** A trap failed the VM. */
  get failed(): boolean {
    return this.plugin.vm.failed;
  }

  /** Runs one request through the plugin to the end of its stream. */
  run(request: BenchRequest): StreamOutcome {
    const clusters = this.clusters;
    if (request.httpAnswer) clusters.httpAnswer = request.httpAnswer;
    if (request.redisAnswer) clusters.redisAnswer = request.redisAnswer;
    const outcome = driveStream([this.plugin.newHttpFilter()], request, () => {
      clusters.deliver();
      this.posted.run();
    });
    this.posted.run();
    return outcome;
  }

  close(): void {
    this.plugin.dispose();
  }
}

/**
 * One stream through `filters` (none: the host's stream machinery alone): request headers and
 * body, then `between` (callouts answered, posted work run), then the upstream's response if
 * the request reached it; a stream still open at the end is reset by the client.
 */
export function driveStream(
  filters: StreamFilter[],
  request: BenchRequest,
  between: () => void = () => undefined,
): StreamOutcome {
  const upstream = new UpstreamEnd();
  const downstream = new DownstreamEnd();
  const info = new StreamInfo(BigInt(Date.now()) * 1_000_000n);
  info.routeName = request.routeName;
  const manager = new FilterManager({
    filters,
    info,
    upstream,
    downstream,
    bufferLimitBytes: DEFAULT_BUFFER_LIMIT_BYTES,
  });
  const body = request.body;
  let delivered = 1;
  manager.decodeHeaders(new HeaderMap(request.headers), body === null);
  if (body !== null && !manager.ended) {
    manager.decodeData(body, true);
    delivered++;
  }
  between();
  const reachedUpstream = upstream.complete;
  if (reachedUpstream && !manager.ended) {
    const responseBody = request.responseBody;
    manager.encodeHeaders(new HeaderMap(request.responseHeaders), responseBody === null);
    delivered++;
    if (responseBody !== null && !manager.ended) {
      manager.encodeData(responseBody, true);
      delivered++;
    }
  }
  if (!manager.ended) manager.downstreamReset();
  return { status: downstream.status, reachedUpstream, delivered };
}
