// One plugin as Envoy's PluginConfig describes it (api/envoy/extensions/wasm/v3/wasm.proto),
// plus what Envoy keeps per worker around its VM (Envoy Wasm / cpp-host WasmBase inputs).
import type { LogLevel } from "../abi/enums.js";
import type { Flavor } from "../loader/host-function-table.js";
import type { HostProcess } from "../process/host-process.js";
import type { PropertyValue } from "../context/stream-info.js";
import type { ClusterManager } from "../clusters/cluster-manager.js";
import type { FailurePolicy } from "../stream/filter-plugin.js";
import type { Dispatcher } from "./dispatcher.js";

export interface PluginConfig {
  /** PluginConfig.name (property plugin_name). */
  name: string;
  /** PluginConfig.root_id. */
  rootId: string;
  /** vm_config.vm_id: shared data and queues are keyed by it. */
  vmId: string;
  /** PluginConfig.configuration, as the plugin reads it in on_configure. */
  configuration: Uint8Array;
  /** vm_config.configuration, read in on_vm_start. */
  vmConfiguration: Uint8Array;
  /** vm_config.environment_variables (host_env_keys resolved, key_values). */
  environment: ReadonlyMap<string, string>;
  /** fail_open means FAIL_IGNORE; otherwise FAIL_CLOSED or FAIL_RELOAD (newer Envoy's failure_policy). */
  failurePolicy: FailurePolicy;
  /** Newer Envoy's allow_on_headers_stop_iteration: StopIteration (1) from headers passes through. */
  allowOnHeadersStopIteration: boolean;
  /** 0 unspecified, 1 inbound, 2 outbound. */
  listenerDirection: number;
}

export interface PluginLogEntry {
  level: LogLevel;
  levelName: "trace" | "debug" | "info" | "warn" | "error" | "critical";
  message: string;
  /** "plugin" for the plugin's own lines (proxy_log, fd_write); "host" for the host's lines about it. */
  source: "plugin" | "host";
}

/** What one worker gives each VM it runs. */
export interface WorkerEnvironment {
  process: HostProcess;
  dispatcher: Dispatcher;
  clusters: ClusterManager;
  flavor: Flavor;
  /** Wall clock in nanoseconds. */
  now(): bigint;
  /** Monotonic clock in nanoseconds. */
  monotonic(): bigint;
  /** Lowest level of plugin log lines kept (Envoy's wasm logger level; get_log_level answers it). */
  logLevel: LogLevel;
  onLog(entry: PluginLogEntry): void;
  node: { id: string; cluster: string };
  /** Properties every context of the plugin sees (tests, node metadata), NUL-joined path → value. */
  extraProperties: ReadonlyMap<string, PropertyValue>;
  /** Per-stream request buffer limit in bytes (Envoy per_connection_buffer_limit_bytes, 1 MiB by default). */
  bufferLimitBytes: number;
}

export const DEFAULT_BUFFER_LIMIT_BYTES = 1024 * 1024;
