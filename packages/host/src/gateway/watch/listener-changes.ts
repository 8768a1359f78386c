// What a reload cannot change without restarting: the sockets the gateway listens on. A new
// envoy.yaml whose listeners differ in number or address is refused (the old one keeps serving).
import type { GatewayConfig } from "../config-model.js";

/** Why `next` cannot replace `running` in place, or null when it can. `listenOverride`: --listen replaced the first listener's address. */
export function listenerChange(running: GatewayConfig, next: GatewayConfig, listenOverride: boolean): string | null {
  if (running.listeners.length !== next.listeners.length) {
    return `the number of listeners changed (${running.listeners.length} to ${next.listeners.length}); restart the gateway to apply it`;
  }
  for (const [i, l] of next.listeners.entries()) {
    const was = running.listeners[i];
    if (i === 0 && listenOverride) continue;
    if (was.host !== l.host || was.port !== l.port) {
      return `listener ${i} moved from ${was.host}:${was.port} to ${l.host}:${l.port}; restart the gateway to apply it`;
    }
  }
  return null;
}
