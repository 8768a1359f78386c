// Which context object answers which context id. The exports look contexts up here; an id the
// plugin never created (or already deleted) gets the neutral answer, never a trap.
import { Context } from "./context";
import { tableDelete, tableGet, tableSet } from "./context-table";
import { RootContext } from "./root-context";
import { setRunningContextId } from "../proxywasm/callouts";
import { forgetLogLevel } from "../proxywasm/log-level";

/** Makes the root context of the plugin (a function: no factory class to carry around). */
export type RootFactory = (id: u32) => RootContext;

let factory: usize = 0;

/**
 * Sets what creates the plugin's root context; setCtx does it for wrapper plugins, a plugin on
 * the context layer calls it at top level:
 *
 *   setRootFactory((id: u32): RootContext => new MyRoot(id));
 */
export function setRootFactory(f: RootFactory): void { factory = changetype<usize>(f); }

export function createContext(id: u32, parentId: u32): void {
  forgetLogLevel(); // a callback like any other (contextOf does it for the rest)
  if (parentId == 0) {
    const f = factory;
    if (f != 0) tableSet(id, changetype<RootFactory>(f)(id));
    return;
  }
  const parent = tableGet(parentId);
  if (parent === null) return;
  const stream = parent.createStreamContext(id);
  if (stream !== null) tableSet(id, stream);
}

/** The context answering a callback on `id`; it becomes the running context (for callouts). */
export function contextOf(id: u32): Context | null {
  setRunningContextId(id);
  return tableGet(id);
}

export function forget(id: u32): void {
  tableDelete(id);
}
