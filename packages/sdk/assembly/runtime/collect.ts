// When garbage is collected. The SDK builds with AssemblyScript's minimal runtime (a plain
// mark-and-sweep over TLSF, decisions/0002): no write barriers, no shadow stack, and nothing is
// ever collected on its own. Its roots are globals and pinned objects only, so a collection
// is safe only where no managed object is held by a wasm local alone: at the export boundary,
// after a callback has returned (live contexts are pinned by the context table, host memory
// in flight is pinned by malloc). The exports call these two and nothing else does.

/** Linear memory (pages) right after the last collection. */
let pagesAtCollect: i32 = 0;

/** Collects now: the end of a stream, after configuration (what stays live is then small). */
export function collectGarbage(): void {
  __collect();
  pagesAtCollect = memory.size();
}

/**
 * After any other callback: collects only if linear memory grew since the last collection,
 * i.e. the allocator found no free block for what this callback made. A long stream (bodies
 * chunk by chunk, many callouts) is so bounded too; a short one costs a compare.
 */
// @ts-ignore: decorator
@inline export function collectIfGrown(): void {
  if (memory.size() != pagesAtCollect) collectGarbage();
}
