// The test kit: run a built plugin .wasm in the host from a vitest test. Method names follow
// Higress's Go test framework (wasm-go pkg/test) in camelCase, so Go plugin authors find
// `callOnHttpRequestHeaders`, `getLocalResponse`, `completeHttp` where they expect them. It
// drives the same engine as the gateway and adds no behaviour of its own.
import { readFile } from "node:fs/promises";
import { LOG_LEVEL_NAMES, LogLevel, type LogLevelName, WasmResult } from "../abi/enums.js";
import type { Flavor } from "../loader/host-function-table.js";
import { CompiledPlugin } from "../plugin/compiled-plugin.js";
import { DEFAULT_BUFFER_LIMIT_BYTES, type PluginLogEntry, type WorkerEnvironment } from "../plugin/plugin-config.js";
import type { FailurePolicy } from "../stream/filter-plugin.js";
import { PluginVm } from "../plugin/plugin-vm.js";
import { HostProcess } from "../process/host-process.js";
import { CUSTOM_STAT_PREFIX, type StatKind } from "../process/stats-store.js";
import { toPropertyValue } from "../properties/property-values.js";
import { FilterManager } from "../stream/filter-manager.js";
import { parseAddress, type PropertyValue, StreamInfo } from "../context/stream-info.js";
import { ManualDispatcher } from "./manual-dispatcher.js";
import type { PendingHttpCall, PendingRedisCall } from "./pending-calls.js";
import { DownstreamRecorder, UpstreamRecorder } from "./recorders.js";
import { TestClusters, type RedisInitRecord, type TestClusterOptions } from "./test-clusters.js";
import { StatusRecorder, TestHttpStream } from "./test-http-stream.js";

export interface TestHostOptions extends TestClusterOptions {
  /** Path to the .wasm, or its bytes. */
  wasm: string | Uint8Array;
  /** Plugin configuration: an object is sent as JSON, a string or bytes as they are; omitted means empty. */
  config?: unknown;
  /** vm_config.configuration (string or bytes). */
  vmConfig?: string | Uint8Array;
  /** "envoy" (default) or "higress" (adds the Redis calls and Higress's behaviours). */
  flavor?: Flavor;
  /** PluginConfig.name (property plugin_name). */
  pluginName?: string;
  /** PluginConfig.root_id. */
  rootId?: string;
  /** vm_config.vm_id. */
  vmId?: string;
  /** Lowest level recorded in `logs` and answered by get_log_level (default trace: everything). */
  logLevel?: LogLevelName;
  /** Wall clock in nanoseconds, for plugins that read the time. */
  clock?: () => bigint;
  /** Extra properties every context sees; keys are dotted paths ("node.id", "route_metadata.filter"). */
  properties?: Record<string, unknown>;
  /** vm_config.environment_variables (WASI environ). */
  environment?: Record<string, string>;
  /** fail_open: true is FAIL_IGNORE. */
  failOpen?: boolean;
  /** Newer Envoy's failure_policy (FAIL_CLOSED by default here; the gateway's reload lives in the gateway). */
  failurePolicy?: FailurePolicy;
  /** Newer Envoy's allow_on_headers_stop_iteration. */
  allowOnHeadersStopIteration?: boolean;
  /** per_connection_buffer_limit_bytes (default 1 MiB). */
  bufferLimitBytes?: number;
  /** Node identity (property node). */
  node?: { id?: string; cluster?: string };
  /**
   * Process-wide state (shared data, queues, stats) to share with another TestHost, as two
   * Envoy workers share them: `TestHost.start({ …, process: other.process })`.
   */
  process?: HostProcess;
}

export interface InitHttpOptions {
  /** The matched route's name (properties route_name, xds.route_name). */
  routeName?: string;
  /** The route's upstream cluster (properties cluster_name, xds.cluster_name). */
  clusterName?: string;
  /** Added as x-request-id to the request headers if they have none (Envoy generates one). */
  requestId?: string;
  /** The client's "ip:port" (source.address, source.port). */
  sourceAddress?: string;
  /** The listener's "ip:port" (destination.address). */
  destinationAddress?: string;
  connectionId?: number;
  /** Extra properties of this stream only (dotted paths). */
  properties?: Record<string, unknown>;
}

export class TestStartError extends Error {
  override name = "TestStartError";
  constructor(
    message: string,
    readonly logs: PluginLogEntry[],
  ) {
    super(message);
  }
}

function configBytes(config: unknown): Uint8Array {
  if (config === undefined) return new Uint8Array(0);
  if (typeof config === "string") return Buffer.from(config, "utf8");
  if (config instanceof Uint8Array) return config;
  return Buffer.from(JSON.stringify(config), "utf8");
}

function propertyMap(props: Record<string, unknown> | undefined): Map<string, PropertyValue> {
  const out = new Map<string, PropertyValue>();
  for (const [k, v] of Object.entries(props ?? {})) out.set(k.split(".").join("\0"), toPropertyValue(v));
  return out;
}

export class TestHost {
  /** Every log line: the plugin's own (source "plugin") and the host's about it (source "host"). */
  readonly allLogs: PluginLogEntry[];
  private nextConnectionId = 1;

  private constructor(
    readonly plugin: PluginVm,
    readonly process: HostProcess,
    private readonly dispatcher: ManualDispatcher,
    private readonly clusters: TestClusters,
    logs: PluginLogEntry[],
    private readonly worker: WorkerEnvironment,
  ) {
    this.allLogs = logs;
  }

  /** Loads, starts and configures the plugin; throws TestStartError (with the logs) if any step fails. */
  static async start(options: TestHostOptions): Promise<TestHost> {
    const r = await TestHost.tryStart(options);
    if (r.error !== undefined) throw r.error;
    return r.host;
  }

  /** Like `start`, but returns the failure instead of throwing (for tests of bad configs). */
  static async tryStart(
    options: TestHostOptions,
  ): Promise<{ host: TestHost; error?: undefined } | { host?: undefined; error: TestStartError }> {
    const logs: PluginLogEntry[] = [];
    const wasm = typeof options.wasm === "string" ? await readFile(options.wasm) : options.wasm;
    const flavor = options.flavor ?? "envoy";
    const hostProcess = options.process ?? new HostProcess();
    const dispatcher = new ManualDispatcher();
    let host: TestHost | null = null;
    const clusters = new TestClusters(options, () => host?.flush(), dispatcher);
    const start = process.hrtime.bigint();
    const worker: WorkerEnvironment = {
      process: hostProcess,
      dispatcher,
      clusters,
      flavor,
      now: options.clock ?? (() => BigInt(Date.now()) * 1_000_000n),
      monotonic: () => process.hrtime.bigint() - start,
      logLevel: options.logLevel ? (LOG_LEVEL_NAMES.indexOf(options.logLevel) as LogLevel) : LogLevel.Trace,
      onLog: (entry) => logs.push(entry),
      node: { id: options.node?.id ?? "", cluster: options.node?.cluster ?? "" },
      extraProperties: propertyMap(options.properties),
      bufferLimitBytes: options.bufferLimitBytes ?? DEFAULT_BUFFER_LIMIT_BYTES,
    };
    try {
      const compiled = CompiledPlugin.compile(wasm, flavor);
      const plugin = PluginVm.create(
        compiled,
        {
          name: options.pluginName ?? "",
          rootId: options.rootId ?? "",
          vmId: options.vmId ?? "",
          configuration: configBytes(options.config),
          vmConfiguration: options.vmConfig === undefined ? new Uint8Array(0) : configBytes(options.vmConfig),
          environment: new Map(Object.entries(options.environment ?? {})),
          failurePolicy: options.failurePolicy ?? (options.failOpen ? "FAIL_IGNORE" : "FAIL_CLOSED"),
          allowOnHeadersStopIteration: options.allowOnHeadersStopIteration ?? false,
          listenerDirection: 0,
        },
        worker,
      );
      try {
        plugin.start();
      } catch (e) {
        plugin.dispose();
        throw e;
      }
      host = new TestHost(plugin, hostProcess, dispatcher, clusters, logs, worker);
      host.flush();
      return { host };
    } catch (e) {
      clusters.close();
      const message = e instanceof Error ? e.message : String(e);
      return { error: new TestStartError(message, logs) };
    }
  }

  // ---- logs ---------------------------------------------------------------------------------

  /** The plugin's own log lines (proxy_log, stdout/stderr). */
  get logs(): PluginLogEntry[] {
    return this.allLogs.filter((l) => l.source === "plugin");
  }

  /** Lines the host wrote about the plugin (traps, refused or unemulated calls, ignored continues). */
  get hostLogs(): PluginLogEntry[] {
    return this.allLogs.filter((l) => l.source === "host");
  }

  /** Plugin log messages, optionally of one level only. */
  getLogs(level?: LogLevelName): string[] {
    return this.logs.filter((l) => level === undefined || l.levelName === level).map((l) => l.message);
  }

  /**
   * Changes the lowest level kept, as Envoy's admin endpoint does at runtime
   * (`/logging?wasm=debug`): lines below it are dropped and `get_log_level` answers it from now on.
   */
  setLogLevel(level: LogLevelName): void {
    this.worker.logLevel = LOG_LEVEL_NAMES.indexOf(level) as LogLevel;
  }

  /** True once a trap has failed the VM. */
  get vmFailed(): boolean {
    return this.plugin.vm.failed;
  }

  // ---- streams ------------------------------------------------------------------------------

  /** Starts a new HTTP stream (Higress: `InitHttp`). */
  initHttp(options: InitHttpOptions = {}): TestHttpStream {
    const info = new StreamInfo(this.plugin.nowNanos());
    info.routeName = options.routeName ?? "";
    info.clusterName = options.clusterName ?? "";
    if (options.sourceAddress) info.source = parseAddress(options.sourceAddress);
    if (options.destinationAddress) info.destination = parseAddress(options.destinationAddress);
    info.connectionId = options.connectionId ?? this.nextConnectionId++;
    for (const [k, v] of propertyMap(options.properties)) info.extraProperties.set(k, v);
    const filter = new StatusRecorder(this.plugin.newHttpFilter());
    const upstream = new UpstreamRecorder();
    const downstream = new DownstreamRecorder();
    const manager = new FilterManager({
      filters: [filter],
      info,
      upstream,
      downstream,
      bufferLimitBytes: this.plugin.worker.bufferLimitBytes,
      onWarning: (message) => this.plugin.hostLog(LogLevel.Warn, message),
    });
    return new TestHttpStream(manager, filter, upstream, downstream, () => this.flush(), options.requestId);
  }

  // ---- timers, queues, callouts ------------------------------------------------------------------

  /** Runs work the host posted to the worker (on_queue_ready); the test kit does this after every call it drives. */
  flush(): void {
    this.dispatcher.runPosted();
  }

  /** Fires proxy_on_tick if the plugin set a tick period; false if it has none. */
  tick(): boolean {
    const fired = this.dispatcher.fireTimers();
    this.flush();
    return fired;
  }

  /**
   * Moves the test clock forward by `ms`, firing in time order whatever falls due: http_call
   * timeouts (the plugin gets Envoy's 504 "upstream request timeout" on its root context, as
   * `PendingHttpCall.timeout()` gives) and tick timers (proxy_on_tick, once per period passed).
   * Calls made with timeout 0 never time out. Answers from real upstreams keep real time.
   */
  advanceTime(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`advanceTime(${ms}): expected a number of milliseconds >= 0`);
    const target = this.dispatcher.nowMs + ms;
    for (;;) {
      const call = this.clusters.nextTimeoutDue(target);
      const timer = this.dispatcher.nextTimerDue(target);
      if (!call && !timer) break;
      // The earlier one first; a timeout before a tick due at the same moment.
      if (call && (!timer || call.deadlineMs! <= timer.dueMs)) {
        this.dispatcher.nowMs = call.deadlineMs!;
        call.timeout();
      } else {
        this.dispatcher.nowMs = timer!.dueMs;
        this.dispatcher.fire(timer!);
      }
      this.flush();
    }
    this.dispatcher.nowMs = target;
  }

  /** Milliseconds the test clock has been advanced since the host started. */
  get elapsedMs(): number {
    return this.dispatcher.nowMs;
  }

  /** The tick period the plugin set (0: none). */
  get tickPeriodMs(): number {
    return this.plugin.tickPeriodMs;
  }

  /** http_calls that have not been answered, oldest first. */
  getHttpCalls(): PendingHttpCall[] {
    return this.clusters.httpCalls.filter((c) => !c.isAnswered);
  }

  /** Every http_call the plugin made, answered or not. */
  get allHttpCalls(): readonly PendingHttpCall[] {
    return this.clusters.httpCalls;
  }

  /** Redis calls that have not been answered, oldest first (higress flavor). */
  getRedisCalls(): PendingRedisCall[] {
    return this.clusters.redisCalls.filter((c) => !c.isAnswered);
  }

  get allRedisCalls(): readonly PendingRedisCall[] {
    return this.clusters.redisCalls;
  }

  /** Every redis_init the plugin made (cluster, credentials, database, timeout). */
  getRedisInits(): RedisInitRecord[] {
    return [...this.clusters.redisInits];
  }

  /** Waits until answers on their way (handler promises, real upstreams) have reached the plugin. */
  async settle(): Promise<void> {
    await this.clusters.settle();
    this.flush();
  }

  // ---- metrics, shared data ------------------------------------------------------------------------

  /** A metric's value by the plugin's name for it (Envoy's `wasmcustom.` prefix left out); histograms give their samples. */
  getMetric(name: string): number | number[] | undefined {
    const stat = this.process.stats.find(CUSTOM_STAT_PREFIX + name);
    if (!stat) return undefined;
    return stat.kind === "histogram" ? stat.samples.map(Number) : Number(stat.value);
  }

  /** Every metric the plugin defined, by name. */
  get metrics(): Record<string, { type: StatKind; value: number; samples: number[] }> {
    const out: Record<string, { type: StatKind; value: number; samples: number[] }> = {};
    for (const s of this.process.stats.all()) {
      if (!s.name.startsWith(CUSTOM_STAT_PREFIX)) continue;
      out[s.name.slice(CUSTOM_STAT_PREFIX.length)] = {
        type: s.kind,
        value: Number(s.value),
        samples: s.samples.map(Number),
      };
    }
    return out;
  }

  /** Shared data of the plugin's vm_id. */
  getSharedData(key: string): { value: Buffer; cas: number } | undefined {
    const v = this.process.sharedData.get(this.plugin.vmId, key);
    return v && { value: Buffer.from(v.value), cas: v.cas };
  }

  /** Sets shared data as another worker would (cas 0: unconditional). */
  setSharedData(key: string, value: string | Uint8Array, cas = 0): WasmResult {
    return this.process.sharedData.set(
      this.plugin.vmId,
      key,
      typeof value === "string" ? Buffer.from(value, "utf8") : value,
      cas,
    );
  }

  /** Shuts the VM down (root on_done, on_delete) and closes real cluster connections. */
  close(): void {
    this.plugin.dispose();
    this.clusters.close();
    this.flush();
  }
}
