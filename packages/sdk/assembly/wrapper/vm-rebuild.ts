// Higress's VM rebuild options (wrapper.WithRebuildAfterRequests, WithRebuildMaxMemBytes): on
// each request's headers the wrapper counts the request and reads the VM's memory size
// (property `plugin_vm_memory`, 8 bytes little-endian); past either limit it sets property
// `wasm_need_rebuild` to "true", and Higress's Envoy replaces the VM with a fresh one (the
// escape hatch for plugins that leak). Both limits are written only by their options: in other
// plugins they stay 0 and this code is optimized away.
import { LogLevel } from "../abi/enums";
import { getProperty, setProperty } from "../proxywasm/properties";
import { pluginLog } from "./log";
import { setRebuildHook } from "./stream-hooks";
import { Registered, Running } from "../state/runtime-state";

export function setRebuildAfterRequests(n: u64): void {
  Registered.rebuildAfterRequests = n;
  Running.requestsSinceRebuild = 0;
  setRebuildHook(checkRebuild);
}
export function setRebuildMaxMemBytes(n: u64): void {
  Registered.rebuildMaxMemBytes = n;
  setRebuildHook(checkRebuild);
}

/** Counts a request and asks for a rebuild past either limit (Go's OnHttpRequestHeaders). */
function checkRebuild(): void {
  const after = Registered.rebuildAfterRequests;
  if (after > 0) {
    const requestCount = ++Running.requestsSinceRebuild;
    if (requestCount >= after) {
      setProperty<string>(["wasm_need_rebuild"], "true");
      if (pluginLog.enabled(LogLevel.Debug))
        pluginLog.debug(
          "Plugin reached rebuild threshold after " + requestCount.toString() + " requests, rebuild flag set",
        );
      Running.requestsSinceRebuild = 0;
    }
  }
  const maxMem = Registered.rebuildMaxMemBytes;
  if (maxMem > 0) {
    const data = getProperty(["plugin_vm_memory"]);
    if (data === null) {
      pluginLog.debug("Failed to get VM memory");
    } else if (data.byteLength == 8) {
      const size = load<u64>(changetype<usize>(data));
      if (size >= maxMem) {
        setProperty<string>(["wasm_need_rebuild"], "true");
        if (pluginLog.enabled(LogLevel.Debug))
          pluginLog.debug("Plugin reached rebuild memory threshold: " + size.toString() + " bytes, rebuild flag set");
      }
    }
  }
}
