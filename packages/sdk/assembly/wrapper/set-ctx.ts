import { setRootFactory } from "../context/registry";
import { PluginOption } from "./options";
import { PluginRoot } from "./plugin-spec";
import { RootContext } from "../context/root-context";
import { Registered } from "../state/runtime-state";

/**
 * Registers the plugin: Higress's `wrapper.SetCtx`. Call it at the top level of the plugin's
 * entry file; it makes no host call, so it is safe in `_initialize`. The options are a
 * StaticArray literal (a plain array would pull in array-growth code).
 *
 *   setCtx<MyConfig>("my-plugin", [parseConfigBy<MyConfig>(parseConfig), processRequestHeadersBy<MyConfig>(onHttpRequestHeaders)]);
 */
export function setCtx<C>(pluginName: string, options: StaticArray<PluginOption<C>>): void {
  Registered.pluginName = pluginName;
  for (let i = 0; i < options.length; i++) unchecked(options[i]).applyTo();
  Registered.defaultConfig = changetype<Object>(instantiate<C>());
  setRootFactory((id: u32): RootContext => new PluginRoot<C>(id));
}

/**
 * Go's wrapper.SetCtxWithOptions. Go's SetCtx differs from it only by putting the default
 * logger first; here the default logger is always there (withLogger replaces it), so the two
 * are the same.
 */
export function setCtxWithOptions<C>(pluginName: string, options: StaticArray<PluginOption<C>>): void {
  setCtx<C>(pluginName, options);
}
