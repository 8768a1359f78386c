// What every group of host calls needs from the plugin VM it serves.
import type { LogLevel } from "../abi/enums.js";
import type { ContextState } from "../context/context-state.js";
import type { WasmVm } from "../vm/wasm-vm.js";

export interface HostCallEnv {
  readonly vm: WasmVm;
  /** The state of the effective context (set_effective_context), or undefined if unknown. */
  effectiveContext(): ContextState | undefined;
  /** A plugin log line (proxy_log, fd_write). */
  log(level: LogLevel, message: string): void;
  /** Host clock in nanoseconds (wall clock, as Envoy's TimeSource). */
  nowNanos(): bigint;
}

export type HostCallGroup = Record<string, (...args: any[]) => number | void>;
