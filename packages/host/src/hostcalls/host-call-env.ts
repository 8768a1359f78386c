// What every group of host calls needs from the plugin VM it serves. PluginVm implements it;
// the groups stay free of how streams, clusters and timers are wired.
import type { LogLevel, WasmResult } from "../abi/enums.js";
import type { HeaderPair } from "../abi/pairs.js";
import type { ContextState } from "../context/context-state.js";
import type { AbiVersion, Flavor } from "../loader/host-function-table.js";
import type { HostProcess } from "../process/host-process.js";
import type { PropertySource } from "../properties/property-resolver.js";
import type { WasmVm } from "../vm/wasm-vm.js";

export interface HttpCallArgs {
  cluster: string;
  headers: HeaderPair[];
  body: Uint8Array;
  trailers: HeaderPair[];
  /** Milliseconds as the module passed them (signed: negative is refused). */
  timeoutMs: number;
}

export interface HostCallEnv {
  readonly vm: WasmVm;
  readonly flavor: Flavor;
  readonly abiVersion: AbiVersion;
  readonly process: HostProcess;
  readonly vmId: string;
  /** vm_config.environment_variables, for WASI environ_*. */
  readonly environment: ReadonlyMap<string, string>;
  /** cpp-host contextOrEffectiveContext(): the effective context if it still exists, else the current one. */
  context(): ContextState;
  /** A context of this VM by id, if it exists. */
  contextById(id: number): ContextState | undefined;
  /** A plugin log line (proxy_log, fd_write). */
  log(level: LogLevel, message: string): void;
  /** A line from the host about the plugin (refused calls, emulator gaps), like Envoy's own wasm logs. */
  hostLog(level: LogLevel, message: string): void;
  /** The host's log threshold (Envoy's wasm logger level). */
  logLevel(): LogLevel;
  /** Wall clock in nanoseconds (Envoy TimeSource::systemTime). */
  nowNanos(): bigint;
  /** Monotonic clock in nanoseconds. */
  monotonicNanos(): bigint;
  /** The property view of a context. */
  propertySource(context: ContextState): PropertySource;
  /** Timer for the root of `context` (cpp-host WasmBase::setTimerPeriod). */
  setTickPeriod(context: ContextState, periodMs: number): void;
  /** Envoy Context::httpCall on the root context. */
  httpCall(args: HttpCallArgs): { result: WasmResult; token: number };
  /** Higress Context::redisInit. */
  redisInit(cluster: string, username: string, password: string, timeoutMs: number): WasmResult;
  /** Higress Context::redisCall. */
  redisCall(cluster: string, query: Uint8Array): { result: WasmResult; token: number };
  /** envoy_resolve_dns. */
  resolveDns(name: string): { result: WasmResult; token: number };
  /** The registration of on_queue_ready for the root of `context`. */
  registerQueue(context: ContextState, name: string): number;
  /** Metric ids of this VM (Envoy Wasm::nextCounterMetricId …): id → stat. */
  readonly metrics: MetricTable;
  /** proxy_done: a root that answered false to on_done finishes now. */
  done(context: ContextState): WasmResult;
}

export interface MetricTable {
  define(type: number, name: string): number | null;
  get(id: number): import("../process/stats-store.js").Stat | undefined;
}

export type HostCallGroup = Record<string, (...args: any[]) => number | bigint | void>;
