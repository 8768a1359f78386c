// One wasm http filter of the envoy.yaml across the workers (Envoy
// filters/http/wasm/config.cc + wasm_filter.h FilterConfig, common/wasm/wasm.cc
// createWasm/getOrCreateThreadLocalPlugin, newer plugin.h PluginConfig with failure_policy):
// the code is compiled once; a canary VM runs start and configure on the main thread (a
// `false` stops the gateway from starting); then every worker gets its own VM, which runs
// `_initialize`, create, vm_start and configure again. Per stream the filter is the worker's
// VM, or when that VM failed: nothing (FAIL_IGNORE / fail_open), an empty 503 (FAIL_CLOSED),
// or a rebuilt VM once the reload backoff has passed (FAIL_RELOAD).
import { LogLevel } from "../abi/enums.js";
import type { ClusterManager } from "../clusters/cluster-manager.js";
import type { Flavor } from "../loader/host-function-table.js";
import { CompiledPlugin } from "../plugin/compiled-plugin.js";
import type { Dispatcher } from "../plugin/dispatcher.js";
import type { PluginConfig, PluginLogEntry, WorkerEnvironment } from "../plugin/plugin-config.js";
import { PluginVm } from "../plugin/plugin-vm.js";
import type { HostProcess } from "../process/host-process.js";
import { FailClosedFilter } from "../stream/fail-closed-filter.js";
import type { StreamFilter } from "../stream/filter.js";
import type { WasmPluginSpec } from "./config-model.js";

export interface FactoryEnvironment {
  process: HostProcess;
  clusters: ClusterManager;
  flavor: Flavor;
  logLevel: LogLevel;
  bufferLimitBytes: number;
  listenerDirection: number;
  dispatchers: Dispatcher[];
  /** Where a VM's log lines go: `worker` is "main" for the canary, else the worker index. */
  onLog: (worker: string, entry: PluginLogEntry) => void;
}

/** The gateway's wasm runtime is Node's V8: Envoy names the stats after the runtime. */
const VM_STATS = "wasm.envoy.wasm.runtime.v8";

export class WasmStartError extends Error {
  override name = "WasmStartError";
}

interface WorkerHandle {
  vm: PluginVm | null;
  lastLoadMs: number;
}

export class WasmFilterFactory {
  private readonly handles: WorkerHandle[] = [];
  private readonly releaseBase: () => void;

  private constructor(
    readonly spec: WasmPluginSpec,
    private readonly compiled: CompiledPlugin,
    private readonly config: PluginConfig,
    private readonly env: FactoryEnvironment,
  ) {
    // Envoy's base VM on the main thread keeps the vm_id (and its shared data) alive across reloads.
    this.releaseBase = env.process.holdVmId(config.vmId);
  }

  static create(spec: WasmPluginSpec, code: Uint8Array, env: FactoryEnvironment): WasmFilterFactory {
    const compiled = CompiledPlugin.compile(code, env.flavor);
    const config: PluginConfig = {
      name: spec.name,
      rootId: spec.rootId,
      vmId: spec.vmId,
      configuration: spec.configuration,
      vmConfiguration: spec.vmConfiguration,
      environment: spec.environment,
      failurePolicy: spec.failurePolicy,
      allowOnHeadersStopIteration: spec.allowOnHeadersStopIteration,
      listenerDirection: env.listenerDirection,
    };
    const factory = new WasmFilterFactory(spec, compiled, config, env);
    try {
      factory.runCanary();
      env.dispatchers.forEach((_, i) => factory.handles.push({ vm: factory.tryStartVm(i), lastLoadMs: Date.now() }));
    } catch (e) {
      factory.dispose();
      throw e;
    }
    return factory;
  }

  private workerEnvironment(worker: string, dispatcher: Dispatcher): WorkerEnvironment {
    const start = process.hrtime.bigint();
    const env = this.env;
    return {
      process: this.env.process,
      dispatcher,
      clusters: this.env.clusters,
      flavor: this.env.flavor,
      now: () => BigInt(Date.now()) * 1_000_000n,
      monotonic: () => process.hrtime.bigint() - start,
      // Read on every call: the admin's /logging?wasm= changes it while the VM runs.
      get logLevel() {
        return env.logLevel;
      },
      onLog: (entry) => this.env.onLog(worker, entry),
      node: { id: "", cluster: "" },
      extraProperties: new Map(),
      bufferLimitBytes: this.env.bufferLimitBytes,
    };
  }

  /** Envoy's canary: start and configure once on the main thread; a failure stops the gateway. */
  private runCanary(): void {
    const canary = PluginVm.create(
      this.compiled,
      this.config,
      this.workerEnvironment("main", { post: () => undefined, every: () => ({ cancel: () => undefined }) }),
    );
    try {
      canary.start();
    } catch (e) {
      this.env.onLog("main", {
        level: LogLevel.Critical,
        levelName: "critical",
        message: (e as Error).message,
        source: "host",
      });
      throw new WasmStartError(`Unable to create Wasm HTTP filter ${this.spec.name}`);
    } finally {
      canary.dispose();
    }
  }

  /** A worker's VM, or null if it did not start (Envoy then skips the filter on that worker). */
  private tryStartVm(worker: number): PluginVm | null {
    const vm = PluginVm.create(
      this.compiled,
      this.config,
      this.workerEnvironment(`w${worker}`, this.env.dispatchers[worker]),
    );
    try {
      vm.start();
      this.countVm(1n);
      return vm;
    } catch (e) {
      this.env.onLog(`w${worker}`, {
        level: LogLevel.Error,
        levelName: "error",
        message: `plugin did not start on this worker; the filter is skipped here: ${(e as Error).message}`,
        source: "host",
      });
      vm.dispose();
      return null;
    }
  }

  /** The worker's VM, for tests and diagnostics. */
  vmOf(worker: number): PluginVm | null {
    return this.handles[worker]?.vm ?? null;
  }

  /** The filter for one stream on `worker`, or null when the filter is left out. */
  filterFor(worker: number): StreamFilter | null {
    const handle = this.handles[worker];
    if (!handle?.vm) return null;
    if (!handle.vm.failed) return handle.vm.newHttpFilter();
    switch (this.config.failurePolicy) {
      case "FAIL_IGNORE":
        return null;
      case "FAIL_CLOSED":
        return new FailClosedFilter();
      case "FAIL_RELOAD": {
        const now = Date.now();
        if (now - handle.lastLoadMs < this.spec.reloadBackoffMs) return new FailClosedFilter();
        handle.lastLoadMs = now;
        const fresh = this.tryStartVm(worker);
        if (!fresh) return new FailClosedFilter();
        this.env.onLog(`w${worker}`, {
          level: LogLevel.Info,
          levelName: "info",
          message: "failed VM rebuilt (FAIL_RELOAD)",
          source: "host",
        });
        handle.vm.dispose();
        this.countVm(-1n);
        handle.vm = fresh;
        return fresh.newHttpFilter();
      }
    }
  }

  /** Envoy's wasm.<runtime>.created / .active stats for the worker VMs (the canary is not counted: it is gone at once). */
  private countVm(by: bigint): void {
    const stats = this.env.process.stats;
    if (by > 0n) stats.stat("counter", `${VM_STATS}.created`).value += by;
    stats.stat("gauge", `${VM_STATS}.active`).value += by;
  }

  dispose(): void {
    for (const h of this.handles) {
      if (h.vm) this.countVm(-1n);
      h.vm?.dispose();
    }
    this.handles.length = 0;
    this.releaseBase();
  }
}
