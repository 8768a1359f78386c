// A plugin on one VM (one Envoy worker): instantiates the compiled module, runs `_initialize`,
// creates the root context, starts and configures it, and creates stream contexts. It is what
// the host calls act on (HostCallEnv): cpp-host's WasmBase + the root's PluginHandle, with
// Envoy's Wasm extras (clusters, timers, metrics).
import { LOG_LEVEL_NAMES, LogLevel, WasmResult } from "../abi/enums.js";
import type { ContextState } from "../context/context-state.js";
import { VmContext } from "../context/context-state.js";
import { RootContext } from "../context/root-context.js";
import type { ForeignCallEnv } from "../hostcalls/foreign-functions.js";
import type { HostCallEnv, HttpCallArgs } from "../hostcalls/host-call-env.js";
import { buildHostFunctions } from "../hostcalls/index.js";
import type { AbiVersion, Flavor } from "../loader/host-function-table.js";
import type { HostProcess } from "../process/host-process.js";
import type { PropertySource } from "../properties/property-resolver.js";
import { WasmHttpFilter } from "../stream/wasm-http-filter.js";
import { WasmVm } from "../vm/wasm-vm.js";
import { Callouts } from "./callouts.js";
import type { CompiledPlugin } from "./compiled-plugin.js";
import type { TimerHandle } from "./dispatcher.js";
import { IdTable } from "./id-table.js";
import { VmMetricTable } from "./metric-table.js";
import type { PluginConfig, WorkerEnvironment } from "./plugin-config.js";

/** Why a plugin did not start, in Envoy's words. */
export class PluginStartError extends Error {
  override name = "PluginStartError";
}

export class PluginVm implements HostCallEnv, ForeignCallEnv {
  readonly vm: WasmVm;
  readonly flavor: Flavor;
  readonly abiVersion: AbiVersion;
  readonly process: HostProcess;
  readonly vmId: string;
  readonly environment: ReadonlyMap<string, string>;
  readonly metrics: VmMetricTable;
  readonly root: RootContext;
  readonly callouts: Callouts;
  private readonly contexts = new IdTable<ContextState>();
  private nextContextId = 1;
  private tickTimer: TimerHandle | null = null;
  /** The tick period the root set (0: none). */
  tickPeriodMs = 0;
  private releaseVmId: () => void;
  private disposed = false;

  private constructor(
    compiled: CompiledPlugin,
    readonly config: PluginConfig,
    readonly worker: WorkerEnvironment,
  ) {
    this.flavor = compiled.flavor;
    this.abiVersion = compiled.linked.abiVersion;
    this.process = worker.process;
    this.vmId = config.vmId;
    this.environment = config.environment;
    this.metrics = new VmMetricTable(worker.process.stats);
    this.callouts = new Callouts(this);
    this.contexts.set(0, new VmContext(() => this.root));
    const impls = buildHostFunctions(this, this, worker.clusters);
    this.vm = WasmVm.instantiate(compiled.module, compiled.linked, impls, {
      onUnimplemented: (name) =>
        this.hostLog(LogLevel.Error, `gatewasm host: ${name} is not emulated; returned Unimplemented (12)`),
      onFailure: (f) => this.hostLog(LogLevel.Critical, `Function: ${f.functionName} failed: ${f.message}`),
    });
    this.releaseVmId = worker.process.holdVmId(config.vmId);
    this.root = new RootContext(this.allocContextId(), config.configuration, config.vmConfiguration);
    this.contexts.set(this.root.id, this.root);
  }

  /**
   * Instantiates the module for one worker without running anything (Envoy's clone). Throws
   * WasmLoadError if instantiation fails.
   */
  static create(compiled: CompiledPlugin, config: PluginConfig, worker: WorkerEnvironment): PluginVm {
    return new PluginVm(compiled, config, worker);
  }

  /**
   * Runs `_initialize`, then root create, vm_start and configure (cpp-host startVm,
   * ContextBase::onStart, onConfigure). Throws PluginStartError with Envoy's wording.
   */
  start(): void {
    const vm = this.vm;
    if (!vm.start(this.flavor)) throw new PluginStartError(`Failed to start base Wasm: ${vm.failure?.message}`);
    const root = this.root;
    root.configuring = true;
    this.invoke("proxy_on_context_create", root.id, root.id, 0);
    root.configuring = false;
    const started = this.invoke("proxy_on_vm_start", root.id, root.id, this.config.vmConfiguration.length);
    if (vm.failed || started === 0) throw new PluginStartError("Failed to start base Wasm");
    root.configuring = true;
    const configured = this.invoke("proxy_on_configure", root.id, root.id, this.config.configuration.length);
    root.configuring = false;
    if (vm.failed || configured === 0)
      throw new PluginStartError(`Unable to create Wasm HTTP filter ${this.config.name}`);
  }

  /** Calls into the module as one callback: Envoy's deferred actions run when it returns. */
  invoke(name: string, contextId: number, ...args: number[]): number | undefined {
    try {
      return this.vm.call(name, contextId, ...args);
    } finally {
      this.vm.finishCallback();
    }
  }

  get failed(): boolean {
    return this.vm.failed;
  }

  allocContextId(): number {
    while (this.contexts.has(this.nextContextId)) this.nextContextId++;
    return this.nextContextId++;
  }

  /** A new HTTP stream context (Envoy creates it with the filter; on_context_create runs with the request headers). */
  newHttpFilter(): WasmHttpFilter {
    const filter = new WasmHttpFilter(this, this.allocContextId());
    this.contexts.set(filter.id, filter);
    return filter;
  }

  forgetContext(id: number): void {
    this.contexts.delete(id);
  }

  // ---- HostCallEnv ------------------------------------------------------------------------

  context(): ContextState {
    const effective = this.vm.effectiveContextId;
    if (effective !== 0) {
      const c = this.contexts.get(effective);
      if (c) return c;
    }
    return this.contexts.get(this.vm.currentContextId) ?? this.root;
  }

  contextById(id: number): ContextState | undefined {
    return this.contexts.get(id);
  }

  log(level: LogLevel, message: string): void {
    if (level < this.worker.logLevel) return;
    this.worker.onLog({ level, levelName: LOG_LEVEL_NAMES[level], message, source: "plugin" });
  }

  hostLog(level: LogLevel, message: string): void {
    this.worker.onLog({ level, levelName: LOG_LEVEL_NAMES[level], message, source: "host" });
  }

  logLevel(): LogLevel {
    return this.worker.logLevel;
  }

  nowNanos(): bigint {
    return this.worker.now();
  }

  monotonicNanos(): bigint {
    return this.worker.monotonic();
  }

  propertySource(context: ContextState): PropertySource {
    const base = {
      plugin: {
        name: this.config.name,
        rootId: this.config.rootId,
        vmId: this.config.vmId,
        listenerDirection: this.config.listenerDirection,
        node: this.worker.node,
        extra: this.worker.extraProperties,
        vmMemoryBytes: this.flavor === "higress" ? () => this.vm.memory.buffer.byteLength : undefined,
      },
      info: null,
      requestHeaders: null,
      responseHeaders: null,
      responseTrailers: null,
    };
    return context instanceof WasmHttpFilter ? { ...base, ...context.propertyView() } : base;
  }

  setTickPeriod(_context: ContextState, periodMs: number): void {
    // One timer per root; this VM has one root, which every context belongs to.
    this.tickTimer?.cancel();
    this.tickTimer = null;
    this.tickPeriodMs = periodMs;
    if (periodMs > 0) this.tickTimer = this.worker.dispatcher.every(periodMs, () => this.fireTick());
  }

  /** Envoy's tick timer fired: on_tick on the root unless the VM failed. */
  fireTick(): void {
    if (this.failed || this.disposed) return;
    this.invoke("proxy_on_tick", this.root.id, this.root.id);
  }

  httpCall(args: HttpCallArgs): { result: WasmResult; token: number } {
    return this.callouts.httpCall(args);
  }

  redisInit(cluster: string, username: string, password: string, timeoutMs: number): WasmResult {
    return this.callouts.redisInit(cluster, username, password, timeoutMs);
  }

  redisCall(cluster: string, query: Uint8Array): { result: WasmResult; token: number } {
    return this.callouts.redisCall(cluster, query);
  }

  resolveDns(name: string): { result: WasmResult; token: number } {
    return this.callouts.resolveDns(name);
  }

  registerQueue(_context: ContextState, name: string): number {
    const rootId = this.root.id;
    return this.process.sharedQueues.register(this.vmId, name, {
      // Envoy posts on_queue_ready to the registering worker's dispatcher.
      notify: (token) =>
        this.worker.dispatcher.post(() => {
          if (this.failed || this.disposed || !this.contexts.has(rootId)) return;
          this.invoke("proxy_on_queue_ready", rootId, rootId, token);
        }),
    });
  }

  done(context: ContextState): WasmResult {
    const root = this.root;
    if (context.root() !== root || !root.pendingDone) return WasmResult.NotFound;
    root.pendingDone = false;
    this.vm.deferAfterCall(() => this.deleteRoot());
    return WasmResult.Ok;
  }

  // ---- ForeignCallEnv ----------------------------------------------------------------------

  declareProperty(name: string): WasmResult {
    return this.root.declareProperty(name);
  }

  clearRouteCache(): void {
    this.context().clearRouteCache();
  }

  // ---- shutdown -----------------------------------------------------------------------------

  /**
   * The worker is going away (cpp-host WasmBase::startShutdown): on_done on the root, then
   * on_delete (at once, or when the plugin calls proxy_done), timers and callouts cancelled,
   * and the vm_id released so shared data can be freed with the last VM.
   */
  dispose(): void {
    if (this.disposed) return;
    this.tickTimer?.cancel();
    this.tickTimer = null;
    this.callouts.cancelAll();
    if (!this.failed) {
      const done = this.invoke("proxy_on_done", this.root.id, this.root.id);
      if (done === 0) this.root.pendingDone = true;
      else this.deleteRoot();
    }
    this.disposed = true;
    this.releaseVmId();
  }

  private deleteRoot(): void {
    if (!this.failed) this.invoke("proxy_on_delete", this.root.id, this.root.id);
    this.contexts.delete(this.root.id);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }
}
