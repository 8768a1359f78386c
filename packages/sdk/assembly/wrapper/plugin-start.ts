// What Higress's wrapper does when a plugin configuration starts or reloads (OnPluginStart),
// before parsing it: the prePluginStartOrReload hook (an error fails the start) and
// withMaxRequestsPerIoCycle's foreign call `set_global_max_requests_per_io_cycle` (8 bytes,
// little-endian; a failure is only logged). Installed as the root start hook by those options
// only, so other plugins carry none of it.
import { WasmResult } from "../abi/enums";
import { setRootStartHook } from "../context/root-hook";
import { callForeignFunction } from "../proxywasm/foreign";
import { ConfigError } from "../json/config-error";
import { PluginContext, pluginContextOf } from "./plugin-context";
import { pluginLog } from "./log";
import { Registered } from "../state/runtime-state";

export type PrePluginStartFn = (ctx: PluginContext) => ConfigError | null;

function onPluginStart(rootId: u32): bool {
  const fn = Registered.prePluginStartFn;
  if (fn != 0) {
    const err = changetype<PrePluginStartFn>(fn)(pluginContextOf(rootId));
    if (err !== null) {
      pluginLog.error("prePluginStartOrReload hook failed: " + err.toString());
      return false;
    }
  }
  const max = Registered.maxRequestsPerIoCycle;
  if (max > 0) {
    const arg = new ArrayBuffer(8);
    store<u64>(changetype<usize>(arg), max);
    const r = callForeignFunction<ArrayBuffer>("set_global_max_requests_per_io_cycle", arg);
    if (r.result != WasmResult.Ok)
      pluginLog.warn("set global max requests per IO cycle failed: host result " + (<i32>r.result).toString());
    else pluginLog.info("set global max requests per IO cycle to " + max.toString());
  }
  return true;
}

export function setPrePluginStart(fn: PrePluginStartFn): void {
  Registered.prePluginStartFn = changetype<usize>(fn);
  setRootStartHook(onPluginStart);
}

export function setMaxRequestsPerIoCycle(n: u64): void {
  Registered.maxRequestsPerIoCycle = n;
  setRootStartHook(onPluginStart);
}
