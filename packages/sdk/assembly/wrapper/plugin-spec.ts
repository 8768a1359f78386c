// What setCtx was told about the plugin, and the root and stream contexts built from it.
//
// Size discipline: a plugin pays only for the options it passes. A module registers exactly one
// plugin, so what the options set is in Registered (state/runtime-state.ts): the request-header
// callback, and optional objects whose classes are created only inside the options that need
// them (PhaseSpec for body, response and done callbacks; the root hook of ./config-runtime.ts
// for config parsing, `_rules_` and ticks). While such a field stays null the optimizer removes
// everything behind it, so a plugin that never passes those options never carries their code:
// hello-world stays under 8 KB.
import { HeaderAction } from "../abi/enums";
import * as types from "../abi/types";
import { RootContext } from "../context/root-context";
import { Context } from "../context/context";
import { rootHook } from "../context/root-hook";
import { StreamContext } from "../context/stream-context";
import { HeadersFn } from "./callbacks";
import { HttpContext } from "./http-context";
import { pluginLog } from "./log";
import { HTTPExecutionPhase } from "./execution-phase";
import { checkRebuild, enterPhase } from "./stream-hooks";
import { Registered } from "../state/runtime-state";

/** Makes the stream contexts of plugins with more than a request-header callback. */
export abstract class PhaseSpec<C> {
  abstract newStream(id: u32, rootId: u32): StreamContext;
}

/**
 * The root of a wrapper plugin. It has no fields on purpose (each would be constructor code in
 * every plugin): a plugin that parses config keeps its per-root state in the config hook.
 */
export class PluginRoot<C> extends RootContext {
  createStreamContext(id: u32): Context | null {
    const p = Registered.phaseSpec;
    return p !== null ? changetype<PhaseSpec<C>>(p).newStream(id, this.id) : new PluginStream<C>(id, this.id);
  }
}

/** A request of a plugin with only a request-header callback. */
export class PluginStream<C> extends HttpContext {
  /** The id of the root (plugin) this request belongs to. */
  constructor(
    id: u32,
    readonly rootId: u32,
  ) {
    super(id);
  }

  /** The config matched for this request (valid once the header phase matched one). */
  get config(): C {
    return changetype<C>(this.matchedConfig);
  }

  /** Matches the config; false if the plugin skips this request. */
  protected matchConfig(): bool {
    // Without a parser there is no root hook (the global stays null and this folds away): every
    // request gets the default config.
    const hook = rootHook();
    const c = hook === null ? Registered.defaultConfig : hook.match(this);
    this.matchedConfig = c;
    return c !== null;
  }

  /** Runs the plugin's request-header callback, if it has one. */
  protected runRequestHeaders(): HeaderAction {
    const fn = Registered.requestHeadersFn;
    return fn != 0 ? changetype<HeadersFn<C>>(fn)(this, this.config, pluginLog) : types.HeaderContinue;
  }

  onRequestHeaders(numHeaders: u32, endOfStream: bool): HeaderAction {
    // Both are no-ops, compiled away, unless the plugin reads phases or asked for VM rebuilds.
    enterPhase(changetype<usize>(this), HTTPExecutionPhase.DecodeHeader);
    checkRebuild();
    this.requestEndOfStream = endOfStream;
    return this.matchConfig() ? this.runRequestHeaders() : types.HeaderContinue;
  }
}
