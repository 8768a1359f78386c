// ≥ 100k random and malformed inputs through the SDK in the host, zero traps. Inputs: plugin
// configurations, request header maps, and JSON, RESP and header-pairs payloads carried in
// headers (each request carries a header map plus up to three payloads). Seeded: a failure
// names the seed and index and writes the input to packages/sdk/.fuzz/.
// FUZZ_ITERATIONS raises the number of requests (default 100,000).
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TestHost } from "@gatewasm/host";
import { pluginPath } from "./support/plugins.ts";
import { headerMap, jsonish, rng } from "./support/fuzz-inputs.ts";

const REQUESTS = Number(process.env.FUZZ_ITERATIONS ?? 100_000);
const CONFIGS = Math.max(2_000, Math.floor(REQUESTS / 50));
const SEED = Number(process.env.FUZZ_SEED ?? 20260101);
const failureDir = fileURLToPath(new URL("../.fuzz/", import.meta.url));

function saveFailure(kind: string, index: number, input: unknown): string {
  mkdirSync(failureDir, { recursive: true });
  const file = `${failureDir}${kind}-seed${SEED}-${index}.json`;
  writeFileSync(file, JSON.stringify({ seed: SEED, index, kind, input }, null, 2));
  return file;
}

describe("fuzz: zero traps", () => {
  it(`survives ${CONFIGS} random configurations`, async () => {
    const r = rng(SEED);
    let started = 0;
    let rejected = 0;
    for (let i = 0; i < CONFIGS; i++) {
      const config = i % 3 === 0 ? JSON.stringify({ reply: r() < 0.5, _rules_: [{ _match_domain_: ["*.x"], a: jsonish(r) }] }) : jsonish(r);
      const { host, error } = await TestHost.tryStart({ wasm: pluginPath("fuzz"), config });
      // The SDK logs every refusal ("configuration rejected: …"); a failure without that line is a trap.
      const trapped = error !== undefined && !error.logs.some((l) => l.message.includes("configuration rejected"));
      if (trapped || host?.vmFailed) expect.fail(`configuration ${i} trapped; input saved to ${saveFailure("config", i, config)}`);
      if (host) started++;
      else rejected++;
    }
    // Both paths were exercised.
    expect(started).toBeGreaterThan(CONFIGS / 10);
    expect(rejected).toBeGreaterThan(CONFIGS / 10);
  });

  it(`survives ${REQUESTS} random requests (header maps + JSON/RESP/pairs payloads)`, async () => {
    const r = rng(SEED + 1);
    let host = await TestHost.start({ wasm: pluginPath("fuzz"), config: { reply: false } });
    let inputs = 0;
    for (let i = 0; i < REQUESTS; i++) {
      if (i % 5_000 === 0 && i > 0) host = await TestHost.start({ wasm: pluginPath("fuzz"), config: { reply: i % 10_000 === 0 } });
      const headers = headerMap(r);
      inputs += 1 + headers.filter(([k]) => k === "x-json" || k === "x-resp" || k === "x-pairs").length;
      const http = host.initHttp();
      http.callOnHttpRequestHeaders(headers, r() < 0.5);
      http.completeHttp();
      if (host.vmFailed) expect.fail(`request ${i} trapped; input saved to ${saveFailure("request", i, headers)}`);
    }
    expect(inputs).toBeGreaterThanOrEqual(REQUESTS);
    expect(host.getLogs("critical")).toEqual([]);
  });
});
