// Envoy's V8 is started with a 1 GiB ceiling on linear memory (cpp-host limits.h
// PROXY_WASM_HOST_MAX_WASM_MEMORY_SIZE_BYTES): memory.grow past it fails (returns -1) and a
// module that starts larger cannot be instantiated. Node has no such flag per instance, so the
// host writes the ceiling into the module's memory section as its declared maximum.
import { MAX_MEMORY_PAGES } from "../abi/limits.js";
import type { WasmModuleInfo } from "./wasm-binary.js";
import { WasmLoadError } from "./link.js";

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Returns the module bytes with every memory's maximum at most `maxPages` (1 GiB by default). */
export function capMemoryPages(bytes: Uint8Array, info: WasmModuleInfo, maxPages = MAX_MEMORY_PAGES): Uint8Array {
  const section = info.memorySection;
  if (!section || info.memories.length === 0) return bytes;
  const body: number[] = [...leb(info.memories.length)];
  for (const m of info.memories) {
    if (m.min > maxPages) {
      throw new WasmLoadError(
        `Failed to create new Wasm instance: initial memory of ${m.min} pages is over the 1 GiB limit (${maxPages} pages)`,
      );
    }
    const max = Math.min(m.max ?? maxPages, maxPages);
    body.push(m.flags | 1, ...leb(m.min), ...leb(max));
  }
  // The section header (id + size) sits just before `start`; rebuild it with the new size.
  let headerStart = section.start - 1;
  while (bytes[headerStart - 1] & 0x80) headerStart--;
  headerStart--; // the section id byte
  const out = Buffer.concat([
    bytes.subarray(0, headerStart),
    Uint8Array.from([5, ...leb(body.length), ...body]),
    bytes.subarray(section.end),
  ]);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
