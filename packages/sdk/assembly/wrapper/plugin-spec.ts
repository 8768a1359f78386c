// Everything `setCtx` was told about a plugin, and the contexts built from it.
import { HeaderAction } from "../abi/enums";
import { RootContext } from "../context/root-context";
import { RootFactory } from "../context/registry";
import { StreamContext } from "../context/stream-context";
import { HttpContext } from "./http-context";
import { Log } from "./log";

export class PluginSpec<C> extends RootFactory {
  onRequestHeaders: ((ctx: HttpContext, config: C, log: Log) => HeaderAction) | null = null;
  readonly log: Log = new Log();

  create(id: u32): RootContext { return new PluginRoot<C>(id, this); }
}

class PluginRoot<C> extends RootContext {
  config: C = instantiate<C>();

  constructor(id: u32, public readonly spec: PluginSpec<C>) { super(id); }

  createStreamContext(id: u32): StreamContext | null {
    return new PluginStream<C>(id, this);
  }
}

class PluginStream<C> extends HttpContext {
  constructor(id: u32, private root: PluginRoot<C>) {
    super(id);
  }

  onRequestHeaders(numHeaders: u32, endOfStream: bool): HeaderAction {
    const fn = this.root.spec.onRequestHeaders;
    if (fn === null) return HeaderAction.Continue;
    return fn(this, this.root.config, this.root.spec.log);
  }
}
