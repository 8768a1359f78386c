// Log lines the way Envoy prints wasm logs ("[time][thread][level][wasm] wasm log <plugin
// name> <root_id> <vm_id>: message", source/extensions/common/wasm/context.cc Context::log),
// with the worker index for the thread.
import type { PluginLogEntry } from "../plugin/plugin-config.js";

function timestamp(d = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export function pluginLogPrefix(name: string, rootId: string, vmId: string): string {
  return [name, rootId, vmId].filter(Boolean).join(" ");
}

export function formatPluginLog(thread: string, prefix: string, entry: PluginLogEntry): string {
  const what =
    entry.source === "plugin" ? `wasm log${prefix ? ` ${prefix}` : ""}` : `wasm${prefix ? ` ${prefix}` : ""}`;
  return `[${timestamp()}][${thread}][${entry.levelName}][wasm] ${what}: ${entry.message}`;
}

export function formatGatewayLog(level: "info" | "warning" | "error", message: string): string {
  return `[${timestamp()}][main][${level}][gateway] ${message}`;
}
