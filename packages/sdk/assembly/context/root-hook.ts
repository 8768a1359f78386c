// Root-level machinery that attaches only when a plugin uses it (the wrapper's configuration
// parsing, rules and tick functions). The exports call through `hook`, which stays null (and
// is optimized away, with everything behind it) in plugins that never install one.
import { StreamContext } from "./stream-context";

export abstract class RootHook {
  abstract configure(rootId: u32, configurationSize: usize): bool;
  abstract tick(rootId: u32): void;
  /** The config object that applies to `stream` (null: the plugin skips it). */
  abstract match(stream: StreamContext): Object | null;
}

let hook: RootHook | null = null;

export function setRootHook(h: RootHook): void { hook = h; }
export function rootHook(): RootHook | null { return hook; }

// Runs before the configuration is parsed (the wrapper's prePluginStartOrReload and
// withMaxRequestsPerIoCycle); false fails the configure. Null unless one of those is used.
// A table index behind a usize (called with call_indirect): a typed function global would put
// its function type into every plugin.
let startHook: usize = 0;

export function setRootStartHook(h: (rootId: u32) => bool): void { startHook = changetype<usize>(h); }

export function hookConfigure(rootId: u32, configurationSize: usize): bool {
  const s = startHook;
  if (s != 0 && !call_indirect<bool>(load<u32>(s), rootId)) return false;
  const h = hook;
  return h !== null ? h.configure(rootId, configurationSize) : true;
}

export function hookTick(rootId: u32): void {
  const h = hook;
  if (h !== null) h.tick(rootId);
}
