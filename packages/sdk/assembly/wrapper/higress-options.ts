// The setCtx options Higress's wrapper has beyond the `…By` callbacks of ./options.ts: raw and
// context-aware config parsers, the plugin start hook, logging and VM-rebuild settings. Each
// stores what it was given in module state that only it writes, so a plugin that does not pass
// an option carries none of the code behind it.
//
// AssemblyScript has no closures: the raw and context parsers are stored (in Registered, as
// function-table indices) and reached through small trampolines with the ordinary parser
// signature.
import { ConfigError } from "../json/config-error";
import { JsonValue } from "../json/value";
import { configOptions } from "./config-runtime";
import { Log, setLogDelegate } from "./log";
import { PluginOption } from "./options";
import { PluginContext, pluginContextOf } from "./plugin-context";
import { PrePluginStartFn, setMaxRequestsPerIoCycle, setPrePluginStart } from "./plugin-start";
import { setRebuildAfterRequests, setRebuildMaxMemBytes } from "./vm-rebuild";
import { Registered, Running } from "../state/runtime-state";

/** Go's ParseRawConfigFunc: the configuration's JSON bytes (the global object, or one `_rules_` entry). */
export type ParseRawConfigFn<C> = (configBytes: ArrayBuffer, config: C, log: Log) => ConfigError | null;
/** Go's ParseRawRuleConfigFunc: a rule's JSON bytes; `config` starts as a copy of `global`. */
export type ParseRawRuleConfigFn<C> = (configBytes: ArrayBuffer, global: C, config: C, log: Log) => ConfigError | null;
/** Go's ParseConfigWithContextFunc. */
export type ParseConfigWithContextFn<C> = (
  ctx: PluginContext,
  json: JsonValue,
  config: C,
  log: Log,
) => ConfigError | null;

function rawBytes(json: JsonValue): ArrayBuffer {
  return String.UTF8.encode(json.raw());
}

class RawConfigOption<C> extends PluginOption<C> {
  constructor(
    private readonly global: ParseRawConfigFn<C>,
    private readonly rule: ParseRawRuleConfigFn<C> | null,
  ) {
    super();
  }
  applyTo(): void {
    Registered.rawParseFn = changetype<usize>(this.global);
    const o = configOptions<C>();
    o.parse = (json: JsonValue, config: C, log: Log): ConfigError | null =>
      changetype<ParseRawConfigFn<C>>(Registered.rawParseFn)(rawBytes(json), config, log);
    const rule = this.rule;
    if (rule !== null) {
      Registered.rawRuleParseFn = changetype<usize>(rule);
      o.parseRule = (json: JsonValue, global: C, config: C, log: Log): ConfigError | null =>
        changetype<ParseRawRuleConfigFn<C>>(Registered.rawRuleParseFn)(rawBytes(json), global, config, log);
    } else {
      o.parseRule = null;
    }
  }
}

/**
 * Go's wrapper.ParseRawConfig: `fn` gets the configuration's JSON text as bytes (each `_rules_`
 * entry's text for rules), for plugins with their own decoder.
 *
 *   setCtx<MyConfig>("my-plugin", [parseRawConfig<MyConfig>(parseRaw), …]);
 */
export function parseRawConfig<C>(fn: ParseRawConfigFn<C>): PluginOption<C> {
  return new RawConfigOption<C>(fn, null);
}

/** Go's wrapper.ParseOverrideRawConfig: raw bytes for the global config and for each rule (over a copy of the global). */
export function parseOverrideRawConfig<C>(global: ParseRawConfigFn<C>, rule: ParseRawRuleConfigFn<C>): PluginOption<C> {
  return new RawConfigOption<C>(global, rule);
}

class ContextConfigOption<C> extends PluginOption<C> {
  constructor(private readonly fn: ParseConfigWithContextFn<C>) {
    super();
  }
  applyTo(): void {
    Registered.contextParseFn = changetype<usize>(this.fn);
    const o = configOptions<C>();
    // Configuration runs on the root: the running context is the plugin's root context.
    o.parse = (json: JsonValue, config: C, log: Log): ConfigError | null =>
      changetype<ParseConfigWithContextFn<C>>(Registered.contextParseFn)(
        pluginContextOf(Running.contextId),
        json,
        config,
        log,
      );
    o.parseRule = null;
  }
}

/**
 * Go's wrapper.ParseConfigWithContext: the parser also gets the PluginContext (keep it in the
 * config to reach it from tick functions: leader election, plugin-level values).
 */
export function parseConfigWithContext<C>(fn: ParseConfigWithContextFn<C>): PluginOption<C> {
  return new ContextConfigOption<C>(fn);
}

class PrePluginStartOption<C> extends PluginOption<C> {
  constructor(private readonly fn: PrePluginStartFn) {
    super();
  }
  applyTo(): void {
    setPrePluginStart(this.fn);
  }
}

/**
 * Go's wrapper.PrePluginStartOrReload: `fn(ctx)` runs each time a configuration starts or
 * reloads, before it is parsed; an error fails it (as a parse error does).
 */
export function prePluginStartOrReload<C>(fn: PrePluginStartFn): PluginOption<C> {
  return new PrePluginStartOption<C>(fn);
}

class LoggerOption<C> extends PluginOption<C> {
  constructor(private readonly logger: Log) {
    super();
  }
  applyTo(): void {
    setLogDelegate(this.logger);
  }
}

/**
 * Go's wrapper.WithLogger: every line the wrapper and the plugin's `log` write goes to
 * `logger.write(level, message)` (subclass Log and override write).
 */
export function withLogger<C>(logger: Log): PluginOption<C> {
  return new LoggerOption<C>(logger);
}

// One class per setting: an option's class is compiled only if the plugin passes it, so one
// setting never drags in another's code.
class SafeLogOption<C> extends PluginOption<C> {
  applyTo(): void {
    Registered.safeLog = true;
  }
}

class MaxRequestsOption<C> extends PluginOption<C> {
  constructor(private readonly value: u64) {
    super();
  }
  applyTo(): void {
    setMaxRequestsPerIoCycle(this.value);
  }
}

class RebuildAfterOption<C> extends PluginOption<C> {
  constructor(private readonly value: u64) {
    super();
  }
  applyTo(): void {
    setRebuildAfterRequests(this.value);
  }
}

class RebuildMemOption<C> extends PluginOption<C> {
  constructor(private readonly value: u64) {
    super();
  }
  applyTo(): void {
    setRebuildMaxMemBytes(this.value);
  }
}

/** Go's wrapper.EnableSafeLog: Log.unsafeInfo lines (and routeCall's) go to debug. */
export function enableSafeLog<C>(): PluginOption<C> {
  return new SafeLogOption<C>();
}

/**
 * Go's wrapper.WithMaxRequestsPerIoCycle: at each start, Higress's foreign function
 * `set_global_max_requests_per_io_cycle` (process-wide; the smallest value set wins).
 */
export function withMaxRequestsPerIoCycle<C>(maxRequests: u64): PluginOption<C> {
  return new MaxRequestsOption<C>(maxRequests);
}

/** Go's wrapper.WithRebuildAfterRequests: ask Higress for a fresh VM every `requestCount` requests. */
export function withRebuildAfterRequests<C>(requestCount: u64): PluginOption<C> {
  return new RebuildAfterOption<C>(requestCount);
}

/** Go's wrapper.WithRebuildMaxMemBytes: ask Higress for a fresh VM once the VM's memory reaches `bytes`. */
export function withRebuildMaxMemBytes<C>(bytes: u64): PluginOption<C> {
  return new RebuildMemOption<C>(bytes);
}
