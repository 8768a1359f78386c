// What the wasm HTTP filter needs from the plugin it runs: Envoy's Context reaches its Wasm
// and PluginHandle through a pointer (context.cc wasm(), plugin()). Stated here as an interface
// so the stream layer sits below the plugin layer: PluginVm implements it and creates filters.
import type { LogLevel } from "../abi/enums.js";
import type { RootContext } from "../context/root-context.js";
import type { AbiVersion, Flavor } from "../loader/host-function-table.js";
import type { WasmVm } from "../vm/wasm-vm.js";

/** fail_open means FAIL_IGNORE; otherwise FAIL_CLOSED or FAIL_RELOAD (newer Envoy's failure_policy). */
export type FailurePolicy = "FAIL_CLOSED" | "FAIL_IGNORE" | "FAIL_RELOAD";

export interface FilterPlugin {
  readonly vm: WasmVm;
  readonly root: RootContext;
  readonly flavor: Flavor;
  readonly abiVersion: AbiVersion;
  readonly failed: boolean;
  readonly config: {
    /** PluginConfig.name: Higress's local-reply details name the plugin. */
    readonly name: string;
    readonly failurePolicy: FailurePolicy;
    readonly allowOnHeadersStopIteration: boolean;
  };
  /** One callback into the module; deferred actions run when it returns. */
  invoke(name: string, contextId: number, ...args: number[]): number | undefined;
  /** The stream context is gone: its id may be reused. */
  forgetContext(id: number): void;
  hostLog(level: LogLevel, message: string): void;
}
