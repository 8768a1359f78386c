import { setRootFactory } from "../context/registry";
import { PluginOption } from "./options";
import { PluginSpec } from "./plugin-spec";
import { setLogPluginName } from "./log";

/**
 * Registers the plugin: Higress's `wrapper.SetCtx`. Call it at the top level of the plugin's
 * entry file; it makes no host call, so it is safe in `_initialize`.
 *
 *   setCtx<MyConfig>("my-plugin", [processRequestHeadersBy<MyConfig>(onHttpRequestHeaders)]);
 */
export function setCtx<C>(pluginName: string, options: StaticArray<PluginOption<C>>): void {
  setLogPluginName(pluginName);
  const spec = new PluginSpec<C>();
  for (let i = 0; i < options.length; i++) unchecked(options[i]).applyTo(spec);
  setRootFactory(spec);
}
