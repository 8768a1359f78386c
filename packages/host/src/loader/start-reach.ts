// What a Wasm start section can do to the proxy. cpp-host runs it inside
// `wasm::Instance::make` (src/v8/v8.cc V8::link), before the VM context exists and outside
// any callback: `current_context_` is null, so a host function that looks up its context
// (`contextOrEffectiveContext()` in src/exports.cc, nearly all of them) dereferences null and
// the proxy crashes. A start function that reaches no such import is harmless: it runs, the
// instance is made, and the module loads (AssemblyScript's default top-level code, as in
// solo-io's proxy-runtime, usually only sets globals). So the verdict follows the call graph
// from the start function, through direct calls and, conservatively, through every function
// an indirect call could land on.
import { readCallGraph } from "./call-graph.js";
import type { WasmModuleInfo } from "./wasm-binary.js";

/**
 * Host functions whose cpp-host implementation never touches a context (src/exports.cc):
 * they are safe even from a start section.
 */
const CONTEXT_FREE = new Set([
  "env.pthread_equal",
  "env.emscripten_notify_memory_growth",
  ...["fd_read", "args_get", "path_open", "fd_prestat_get", "fd_prestat_dir_name"].flatMap((n) => [
    `wasi_unstable.${n}`,
    `wasi_snapshot_preview1.${n}`,
  ]),
]);

/** True for a host function that cpp-host can run with no context (from a start section). */
export function isContextFree(key: string): boolean {
  return CONTEXT_FREE.has(key);
}

export interface StartReach {
  /** The module has a start section. */
  hasStart: boolean;
  /** Imports the start function can reach that need a context ("module.name"), in import order. */
  contextImports: string[];
  /**
   * Imports it reaches only along abort paths (`call f; unreachable`, e.g. AssemblyScript's
   * abort on a failed allocation): they run only if the start is failing anyway.
   */
  abortPathImports: string[];
  /** The code could not be decoded, so every import counts as reachable. */
  undecodable?: string;
}

/** Follows the call graph from the start function to the host imports it can reach. */
export function startReach(bytes: Uint8Array, info: WasmModuleInfo): StartReach {
  if (info.startFunction === undefined) return { hasStart: false, contextImports: [], abortPathImports: [] };
  const importKeys = info.imports.filter((i) => i.kind === "function").map((i) => `${i.module}.${i.name}`);
  const needsContext = (keys: string[]) => keys.filter((k) => !CONTEXT_FREE.has(k));
  let graph;
  try {
    graph = readCallGraph(bytes, info);
  } catch (e) {
    return {
      hasStart: true,
      contextImports: needsContext(importKeys),
      abortPathImports: [],
      undecodable: (e as Error).message,
    };
  }
  const g = graph;
  /** Every function reachable from `roots`, following normal calls (and abort calls if asked). */
  const reach = (roots: number[], withAborts: boolean): Set<number> => {
    const seen = new Set<number>();
    const queue = [...roots];
    let indirectFollowed = false;
    while (queue.length > 0) {
      const f = queue.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      if (f < info.importedFunctionCount) continue;
      for (const callee of g.calls.get(f) ?? []) queue.push(callee);
      if (withAborts) for (const callee of g.abortCalls.get(f) ?? []) queue.push(callee);
      if (g.indirectCallers.has(f) && !indirectFollowed) {
        indirectFollowed = true;
        for (const target of g.addressTaken) queue.push(target);
      }
    }
    return seen;
  };
  const normal = reach([info.startFunction], false);
  const all = reach([info.startFunction], true);
  const imported = (set: Set<number>) => importKeys.filter((_, i) => set.has(i));
  const contextImports = needsContext(imported(normal));
  return {
    hasStart: true,
    contextImports,
    abortPathImports: needsContext(imported(all)).filter((k) => !contextImports.includes(k)),
  };
}
