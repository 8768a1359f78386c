// What setCtx was told about the plugin, and the root and stream contexts built from it.
//
// Size discipline: a plugin pays only for the options it passes. A module registers exactly one
// plugin, so what the options set is module state: the request-header callback, and optional
// objects whose classes are created only inside the options that need them (PhaseSpec for
// body, response and done callbacks; the root hook of ./config-runtime.ts for config parsing,
// `_rules_` and ticks). While such a global stays null the optimizer removes everything behind
// it, so a plugin that never passes those options never carries their code: hello-world stays
// under 8 KB. Callbacks are stored as function-table indices because a module global cannot
// have the generic config type.
import { HeaderAction } from "../abi/enums";
import { RootContext } from "../context/root-context";
import { RootFactory } from "../context/registry";
import { rootHook } from "../context/root-hook";
import { StreamContext } from "../context/stream-context";
import { HeadersFn } from "./callbacks";
import { HttpContext } from "./http-context";
import { pluginLog } from "./log";

/** Makes the stream contexts of plugins with more than a request-header callback. */
export abstract class PhaseSpec<C> {
  abstract newStream(id: u32, root: PluginRoot<C>): StreamContext;
}

let requestHeadersFn: usize = 0;
let phaseSpec: Object | null = null;
let defaultConfig: Object | null = null;

export function setRequestHeadersFn<C>(fn: HeadersFn<C>): void { requestHeadersFn = changetype<usize>(fn); }
export function setPhaseSpec(spec: Object): void { phaseSpec = spec; }
export function getPhaseSpec(): Object | null { return phaseSpec; }
/** The config of a plugin without a parser: one default instance. */
export function setDefaultConfig(config: Object): void { defaultConfig = config; }
export function getDefaultConfig(): Object | null { return defaultConfig; }

export class PluginFactory<C> extends RootFactory {
  create(id: u32): RootContext { return new PluginRoot<C>(id); }
}

export class PluginRoot<C> extends RootContext {
  /**
   * The parsed configuration of plugins that parse config (./config-runtime.ts), created at the
   * first configure. Typed Object so plugins without a parser do not carry its class.
   */
  runtime: Object | null = null;

  createStreamContext(id: u32): StreamContext | null {
    const p = phaseSpec;
    return p !== null ? changetype<PhaseSpec<C>>(p).newStream(id, this) : new PluginStream<C>(id, this);
  }
}

/** A request of a plugin with only a request-header callback. */
export class PluginStream<C> extends HttpContext {
  constructor(id: u32, readonly root: PluginRoot<C>) { super(id); }

  /** The config matched for this request (valid once the header phase matched one). */
  get config(): C { return changetype<C>(this.matchedConfig); }

  /** Matches the config; false if the plugin skips this request. */
  protected matchConfig(): bool {
    // Without a parser there is no root hook (the global stays null and this folds away): every
    // request gets the default config.
    const hook = rootHook();
    const c = hook === null ? defaultConfig : hook.match(this);
    this.matchedConfig = c;
    return c !== null;
  }

  /** Runs the plugin's request-header callback, if it has one. */
  protected runRequestHeaders(): HeaderAction {
    const fn = requestHeadersFn;
    return fn != 0 ? changetype<HeadersFn<C>>(fn)(this, this.config, pluginLog) : HeaderAction.Continue;
  }

  onRequestHeaders(numHeaders: u32, endOfStream: bool): HeaderAction {
    this.requestEndOfStream = endOfStream;
    return this.matchConfig() ? this.runRequestHeaders() : HeaderAction.Continue;
  }
}
