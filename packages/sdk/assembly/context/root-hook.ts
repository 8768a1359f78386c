// Root-level machinery that attaches only when a plugin uses it (the wrapper's configuration
// parsing, rules and tick functions). The exports call through `hook`, which stays null (and
// is optimized away, with everything behind it) in plugins that never install one.
import { StreamContext } from "./stream-context";
import { Registered, StartHookFn } from "../state/runtime-state";

export abstract class RootHook {
  abstract configure(rootId: u32, configurationSize: usize): bool;
  abstract tick(rootId: u32): void;
  /** The config object that applies to `stream` (null: the plugin skips it). */
  abstract match(stream: StreamContext): Object | null;
}

export function setRootHook(h: RootHook): void {
  Registered.rootHook = h;
}
export function rootHook(): RootHook | null {
  const h = Registered.rootHook;
  return h !== null ? changetype<RootHook>(h) : null;
}

/**
 * Runs `h` before each configuration is parsed (the wrapper's prePluginStartOrReload and
 * withMaxRequestsPerIoCycle); false fails the configure.
 */
export function setRootStartHook(h: StartHookFn): void {
  Registered.startHook = changetype<usize>(h);
}

export function hookConfigure(rootId: u32, configurationSize: usize): bool {
  const s = Registered.startHook;
  if (s != 0 && !call_indirect<bool>(load<u32>(s), rootId)) return false;
  const h = rootHook();
  return h !== null ? h.configure(rootId, configurationSize) : true;
}

export function hookTick(rootId: u32): void {
  const h = rootHook();
  if (h !== null) h.tick(rootId);
}
