// When garbage is collected. The SDK builds with AssemblyScript's minimal runtime (a plain
// mark-and-sweep over TLSF, decisions/0002): no write barriers, no shadow stack, and nothing is
// ever collected on its own. Its roots are globals and pinned objects only, so a collection
// is safe only where no managed object is held by a wasm local alone: at the export boundary,
// after a callback has returned (live contexts are pinned by the context table, host memory
// in flight is pinned by malloc). Only the exports call these.

import { hostBytesSinceReset, resetHostBytes } from "../abi/memory";

/** Linear memory (pages) right after the last collection. */
let pagesAtCollect: i32 = 0;

/**
 * Streams ended since the last collection. A collection marks everything live (the
 * configuration, open streams) whatever the garbage, so collecting at every stream end cost
 * mock 16 % more instructions per request than its raw-ABI baseline; every 4th stream end
 * costs a quarter of it. Every 16th let the soak's http-call grow from 1 to 2 pages (16
 * streams' garbage did not fit in what was free); every 4th kept every plugin flat.
 */
let streamsEnded: u32 = 0;
const STREAMS_PER_COLLECTION: u32 = 4;

/**
 * Bytes the host handed the module (malloc) since the last collection: bodies and callout
 * answers, and what buffering and decoding make from them, are most of a stream's garbage. A
 * stream end past 16 KiB of them collects whatever the stream count.
 */
const HOST_BYTES_PER_COLLECTION: usize = 16 * 1024;

/** Collects now: after configuration (what stays live is then small). */
export function collectGarbage(): void {
  __collect();
  pagesAtCollect = memory.size();
  streamsEnded = 0;
  resetHostBytes();
}

/** At the end of a stream (or root): every 4th time, past 16 KiB from the host, or if memory grew. */
export function collectAtStreamEnd(): void {
  if (++streamsEnded >= STREAMS_PER_COLLECTION || hostBytesSinceReset() >= HOST_BYTES_PER_COLLECTION || memory.size() != pagesAtCollect) collectGarbage();
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
