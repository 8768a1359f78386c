// Which context object answers which context id. The exports look contexts up here; an id the
// plugin never created (or already deleted) gets the neutral answer, never a trap.
import { Context } from "./context";
import { tableDelete, tableGet, tableSet } from "./context-table";
import { RootContext } from "./root-context";
import { Registered, enterCallback } from "../state/runtime-state";

/** Makes the root context of the plugin (a function: no factory class to carry around). */
export type RootFactory = (id: u32) => RootContext;

/**
 * Sets what creates the plugin's root context; setCtx does it for wrapper plugins, a plugin on
 * the context layer calls it at top level:
 *
 *   setRootFactory((id: u32): RootContext => new MyRoot(id));
 */
export function setRootFactory(f: RootFactory): void {
  Registered.rootFactory = changetype<usize>(f);
}

export function createContext(id: u32, parentId: u32): void {
  enterCallback(id); // a callback like any other (enterContext does it for the rest)
  if (parentId == 0) {
    const f = Registered.rootFactory;
    if (f != 0) tableSet(id, changetype<RootFactory>(f)(id));
    return;
  }
  const parent = tableGet(parentId);
  if (parent === null) return;
  const stream = parent.createStreamContext(id);
  if (stream !== null) tableSet(id, stream);
}

/** A callback on `id` starts (see enterCallback); the context answering it, if any. */
export function enterContext(id: u32): Context | null {
  enterCallback(id);
  return tableGet(id);
}

export function forget(id: u32): void {
  tableDelete(id);
}
