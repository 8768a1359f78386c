// The options of `setCtx`, as Higress names them (`wrapper.ProcessRequestHeadersBy`, …).
// AssemblyScript has no closures, so each option is a small object that stores the plugin's
// function into the plugin's spec.
import { HeaderAction } from "../abi/enums";
import { HttpContext } from "./http-context";
import { Log } from "./log";
import { PluginSpec } from "./plugin-spec";

export abstract class PluginOption<C> {
  abstract applyTo(spec: PluginSpec<C>): void;
}

class RequestHeadersOption<C> extends PluginOption<C> {
  constructor(private fn: (ctx: HttpContext, config: C, log: Log) => HeaderAction) { super(); }
  applyTo(spec: PluginSpec<C>): void { spec.onRequestHeaders = this.fn; }
}

/**
 * Runs `fn` on each request's headers.
 *
 *   setCtx<MyConfig>("my-plugin", [processRequestHeadersBy<MyConfig>(onHttpRequestHeaders)]);
 */
export function processRequestHeadersBy<C>(fn: (ctx: HttpContext, config: C, log: Log) => HeaderAction): PluginOption<C> {
  return new RequestHeadersOption<C>(fn);
}
