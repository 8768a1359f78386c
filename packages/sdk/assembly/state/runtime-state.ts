// The SDK's runtime state, all of it in one place (as proxy-wasm-rust-sdk's dispatcher and
// wasm-go's CommonVmCtx hold theirs):
// - `Registered`: what the plugin's top level registered through setCtx, its options and the
//   context layer (set while `_initialize` runs, then only read; the plugin id excepted, which
//   each configure sets from `_plugin_id_`);
// - `Running`: what the code running now acts on, set up by enterCallback on every entry from
//   the host and by enterConfigCode/leaveConfigCode around the plugin's own parsers and ticks.
// Data structures keep their own storage (the context table, the callout list, per-stream
// extras, the PluginContext list, the Redis option tables, the ABI scratch buffers).
//
// This file imports nothing, so every layer may read it without an upward import. Fields a
// lower layer cannot name the type of (a RootHook, a PhaseSpec<C>, a config C) are `Object`,
// cast back by their one reader.
//
// Size: every field starts as a constant (0, null, false, ""). A field nothing writes is folded
// to that constant by the optimizer and the code behind it is removed: a plugin carries only the
// machinery of the options it passes.
//
// Callbacks are the address of a function object, kept as a number: FunctionRef<F> where F is
// written here, a usize documented with its type where the type belongs to an upper layer.
// A generic field is not possible (the config type C differs per plugin), and a typed function
// field costs bytes in every plugin: the hooks and the start hook as typed fields made
// hello-world 59 B and mock 77 B bigger (their function types' runtime type info and GC visits).
// Call one with call_indirect(load<u32>(ref), …) (the function object's first field is its
// table index) or changetype<F>(ref)(…).

// Running.logLevel before any callback (`_initialize`, the allocator: the host only allows
// proxy_log there) and once a callback started without asking the host yet.
export const LOG_LEVEL_NOT_IN_CALLBACK: i32 = -2;
const LOG_LEVEL_NOT_ASKED: i32 = -1;

/** The address of a function object of type F, untyped for the optimizer (0: none). */
export type FunctionRef<F> = usize;

// The per-request hooks of Higress features few plugins use (wrapper/stream-hooks.ts). Streams
// pass their own address: a typed reference would cost a shadow-stack slot.
export type PhaseHookFn = (stream: usize, phase: i32) => void;
export type RebuildHookFn = () => void;
export type RouteHeadersHookFn = (stream: usize, endOfStream: bool) => i32;
export type RouteBodyHookFn = (stream: usize, bodySize: usize, endOfStream: bool) => i32;
export type PausedHookFn = (stream: usize) => bool;
/** Runs before each configure; false fails it. */
export type StartHookFn = (rootId: u32) => bool;

/** What the plugin registered (a module registers exactly one plugin). */
export class Registered {
  /** setCtx's plugin name, and the `_plugin_id_` the Higress console puts in the configuration (or Log.resetID). */
  static pluginName: string = "";
  static pluginId: string = "";

  /** context/registry.ts: makes the plugin's root context (a RootFactory there). */
  static rootFactory: usize = 0;
  /** context/root-hook.ts: the wrapper's config, rules and ticks (a RootHook), or null. */
  static rootHook: Object | null = null;
  /** context/root-hook.ts: prePluginStartOrReload and withMaxRequestsPerIoCycle's start hook. */
  static startHook: FunctionRef<StartHookFn> = 0;

  /** wrapper/plugin-spec.ts: the request-header callback (a HeadersFn<C>), or 0. */
  static requestHeadersFn: usize = 0;
  /** wrapper/plugin-spec.ts: the callbacks beyond request headers (a PhaseSpec<C>), or null. */
  static phaseSpec: Object | null = null;
  /** wrapper/plugin-spec.ts: the config of a plugin without a parser (a C). */
  static defaultConfig: Object | null = null;

  /** wrapper/stream-hooks.ts: per-request hooks of Higress features few plugins use, or 0. */
  static phaseHook: FunctionRef<PhaseHookFn> = 0;
  static rebuildHook: FunctionRef<RebuildHookFn> = 0;
  static routeHeadersHook: FunctionRef<RouteHeadersHookFn> = 0;
  static routeBodyHook: FunctionRef<RouteBodyHookFn> = 0;
  static pausedHook: FunctionRef<PausedHookFn> = 0;

  /** wrapper/higress-options.ts: a ParseRawConfigFn<C>, ParseRawRuleConfigFn<C> and ParseConfigWithContextFn<C>. */
  static rawParseFn: usize = 0;
  static rawRuleParseFn: usize = 0;
  static contextParseFn: usize = 0;

  /** wrapper/plugin-start.ts: prePluginStartOrReload's PrePluginStartFn and withMaxRequestsPerIoCycle's value. */
  static prePluginStartFn: usize = 0;
  static maxRequestsPerIoCycle: u64 = 0;

  /** wrapper/log.ts: withLogger's logger (its address, and a traced reference keeping it alive). */
  static logDelegate: usize = 0;
  static logDelegateRef: Object | null = null;
  /** enableSafeLog: Log.unsafeInfo lines go to debug. */
  static safeLog: bool = false;

  /** wrapper/vm-rebuild.ts: withRebuildAfterRequests and withRebuildMaxMemBytes. */
  static rebuildAfterRequests: u64 = 0;
  static rebuildMaxMemBytes: u64 = 0;
}

/** What the running code acts on. */
export class Running {
  /** The context whose callback runs: the callout layer binds calls to it, Log finds the request. */
  static contextId: u32 = 0;
  /** The host's log level for this callback: a LogLevel, or one of the LOG_LEVEL_ constants. */
  static logLevel: i32 = LOG_LEVEL_NOT_IN_CALLBACK;
  /** The config of plugin code running outside a request (a parser, a tick function), or null. */
  static config: Object | null = null;
  /** The TickSet a configure in progress fills (registerTickFunc adds to it), or null. */
  static tickSet: Object | null = null;
  /** The stream whose callback ran last (its address) and the phase it entered (getExecutionPhase). */
  static phaseStream: usize = 0;
  static phase: i32 = 0;
  /** Requests counted towards withRebuildAfterRequests. */
  static requestsSinceRebuild: u64 = 0;
}

/**
 * Every entry from the host starts here: the callback runs on `contextId`, and the host's log
 * level may have changed since the last one.
 */
// @ts-ignore: decorator
@inline export function enterCallback(contextId: u32): void {
  Running.contextId = contextId;
  Running.logLevel = LOG_LEVEL_NOT_ASKED;
}

/**
 * The plugin's own code runs for `config` outside a request (parseConfig, a tick function):
 * clients called there hand `config` to their callbacks, registerTickFunc registers for it.
 * Ends with leaveConfigCode.
 */
export function enterConfigCode(config: Object): void { Running.config = config; }
export function leaveConfigCode(): void { Running.config = null; }

/** The plugin name given to setCtx. */
export function pluginName(): string { return Registered.pluginName; }

/** Go's log.IsSafeLogEnabled. */
export function safeLogEnabled(): bool { return Registered.safeLog; }
