// The Higress-parity features cost nothing in plugins that do not use them: their code is
// reached only through hooks the features set themselves, so the optimizer drops it. A string
// a feature's code uses is in a module exactly when that code is, which makes the strings a
// witness: absent from plugins that never call the features, present in one that does.
// (Exact sizes, measured before and after, are in the change's notes: identical.)
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pluginPath } from "./support/plugins.ts";

/** The feature strings, as AssemblyScript stores them (UTF-16LE). */
const witnesses = [
  "wasm_need_rebuild",
  "plugin_vm_memory",
  "set_global_max_requests_per_io_cycle",
  "trace_span_tag.",
  "custom_log",
  "higress_wasm_vm_lease:",
  "route call start",
  "x-envoy-original-path",
  "prePluginStartOrReload hook failed",
  "each pair must be two strings",
  "buffer_flush_timeout=",
];

function contains(name: string, text: string): boolean {
  return readFileSync(pluginPath(name)).includes(Buffer.from(text, "utf16le"));
}

describe("plugins pay only for the parity features they use", () => {
  const users: Record<string, string[]> = {
    "parity-wrapper": witnesses.slice(0, 9),
    "redis-client": ["each pair must be two strings", "buffer_flush_timeout="],
  };
  for (const [name, present] of Object.entries(users)) {
    it(`${name} (uses them) carries their code`, () => {
      for (const w of present) expect(contains(name, w), w).toBe(true);
    });
  }
  for (const name of [
    "header-only",
    "seed-hello-world",
    "seed-my-plugin",
    "seed-http-call",
    "wrapper-buffered",
    "wrapper-streaming",
    "wrapper-config",
  ]) {
    it(`${name} carries none of it`, () => {
      for (const w of witnesses) expect(contains(name, w), w).toBe(false);
    });
  }
  it("seed-redis-demo carries only the Redis client it uses, none of the new commands or options", () => {
    for (const w of witnesses.filter((w) => w !== "buffer_flush_timeout="))
      expect(contains("seed-redis-demo", w), w).toBe(false);
  });
});
