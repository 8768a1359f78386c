// A plugin on one VM (one Envoy worker): links and instantiates the module, runs
// `_initialize`, creates the root context, starts and configures it, and creates streams.
// This is cpp-host's WasmBase + PluginHandle for one worker thread.
import { BufferType, LogLevel, LOG_LEVEL_NAMES } from "../abi/enums.js";
import { ContextState, VmContextState } from "../context/context-state.js";
import type { HostCallEnv } from "../hostcalls/host-call-env.js";
import { buildHostFunctions } from "../hostcalls/index.js";
import type { AbiVersion, Flavor } from "../loader/host-function-table.js";
import { linkModule } from "../loader/link.js";
import { HttpStream } from "../stream/http-stream.js";
import { WasmVm } from "../vm/wasm-vm.js";

export interface PluginLogEntry {
  level: LogLevel;
  levelName: (typeof LOG_LEVEL_NAMES)[number];
  message: string;
}

export interface PluginVmOptions {
  /** The module bytes. */
  wasm: Uint8Array;
  flavor?: Flavor;
  /** PluginConfig.name (property `plugin_name`). */
  pluginName?: string;
  /** PluginConfig.root_id. */
  rootId?: string;
  /** vm_config.vm_id. */
  vmId?: string;
  /** PluginConfig.configuration, raw bytes as the plugin reads them. */
  configuration?: Uint8Array;
  /** vm_config.configuration. */
  vmConfiguration?: Uint8Array;
  /** The host's log threshold (Envoy's `--component-log-level wasm:…`). */
  logLevel?: LogLevel;
  onLog?: (entry: PluginLogEntry) => void;
  /** Wall clock in nanoseconds; tests may pin it. */
  clock?: () => bigint;
}

/** Why a plugin did not start, worded like Envoy's failure states. */
export class PluginStartError extends Error {
  override name = "PluginStartError";
}

class RootContextState extends ContextState {
  configuring = false;
  starting = false;
  constructor(id: number, private readonly plugin: PluginVm) {
    super(id);
  }
  override buffer(type: BufferType): Uint8Array | undefined {
    // The configuration buffers exist only while the root starts / configures (Envoy context.cc).
    if (type === BufferType.PluginConfiguration && this.configuring) return this.plugin.configuration;
    if (type === BufferType.VmConfiguration && this.starting) return this.plugin.vmConfiguration;
    return undefined;
  }
}

export class PluginVm implements HostCallEnv {
  readonly rootId = 1;
  readonly pluginName: string;
  readonly configuration: Uint8Array;
  readonly vmConfiguration: Uint8Array;
  readonly abiVersion: AbiVersion;
  private readonly contexts = new Map<number, ContextState>();
  private nextContextId = 2;
  private readonly logLevel: LogLevel;
  private readonly onLog: (entry: PluginLogEntry) => void;
  private readonly clock: () => bigint;

  private constructor(readonly vm: WasmVm, options: PluginVmOptions) {
    this.pluginName = options.pluginName ?? "";
    this.configuration = options.configuration ?? new Uint8Array(0);
    this.vmConfiguration = options.vmConfiguration ?? new Uint8Array(0);
    this.abiVersion = vm.linked.abiVersion;
    this.logLevel = options.logLevel ?? LogLevel.Trace;
    this.onLog = options.onLog ?? (() => {});
    this.clock = options.clock ?? (() => BigInt(Date.now()) * 1_000_000n);
    this.contexts.set(0, new VmContextState(0));
  }

  /**
   * Loads and starts the plugin. Throws WasmLoadError when Envoy would refuse the module, and
   * PluginStartError when `_initialize`, `proxy_on_vm_start` or `proxy_on_configure` fails.
   */
  static async start(options: PluginVmOptions): Promise<PluginVm> {
    const flavor = options.flavor ?? "envoy";
    const linked = linkModule(options.wasm, flavor);
    const module = await WebAssembly.compile(options.wasm as Uint8Array<ArrayBuffer>);
    let plugin: PluginVm | null = null;
    const impls = buildHostFunctions(
      {
        get vm() { return plugin!.vm; },
        effectiveContext: () => plugin!.effectiveContext(),
        log: (level, message) => plugin!.log(level, message),
        nowNanos: () => plugin!.nowNanos(),
      },
      () => plugin!.logLevel,
    );
    const vm = await WasmVm.instantiate(module, linked, impls, (name) =>
      plugin?.log(LogLevel.Error, `gatewasm host: ${name} is not emulated yet; returned Unimplemented (12)`),
    );
    plugin = new PluginVm(vm, options);
    if (!vm.start()) throw new PluginStartError(`Failed to initialize Wasm code: ${vm.failure?.message}`);

    const root = new RootContextState(plugin.rootId, plugin);
    plugin.contexts.set(root.id, root);
    vm.call("proxy_on_context_create", root.id, root.id, 0);
    root.starting = true;
    const started = vm.call("proxy_on_vm_start", root.id, root.id, plugin.vmConfiguration.length);
    root.starting = false;
    if (vm.failed || started === 0) throw new PluginStartError("Failed to start base Wasm");
    root.configuring = true;
    const configured = vm.call("proxy_on_configure", root.id, root.id, plugin.configuration.length);
    root.configuring = false;
    if (vm.failed || configured === 0) throw new PluginStartError("Failed to configure base Wasm plugin");
    return plugin;
  }

  effectiveContext(): ContextState | undefined {
    return this.contexts.get(this.vm.effectiveContextId);
  }

  log(level: LogLevel, message: string): void {
    if (level < this.logLevel) return;
    this.onLog({ level, levelName: LOG_LEVEL_NAMES[level], message });
  }

  nowNanos(): bigint {
    return this.clock();
  }

  /** A new HTTP stream on this plugin (`proxy_on_context_create(id, root)`). */
  newHttpStream(): HttpStream {
    const id = this.nextContextId++;
    const stream = new HttpStream(this, id);
    this.contexts.set(id, stream);
    return stream;
  }

  forgetContext(id: number): void {
    this.contexts.delete(id);
  }
}
