// ≥ 100k random and malformed inputs through the SDK in the host, zero traps. Inputs: plugin
// configurations; per request a header map, up to three payloads in headers (JSON, RESP,
// header pairs), a body, and for some requests an http-call answer (status, headers, body, or
// timeout / connect failure / reset) or a Redis reply (RESP-like or random bytes, or a network
// failure). Seeded: a failure names the seed and index and writes the input to
// packages/sdk/.fuzz/. FUZZ_ITERATIONS sets the number of requests (default 100,000).
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TestHost } from "@gatewasm/host";
import { pluginPath } from "./support/plugins.ts";
import { bodyBytes, headerMap, httpAnswer, jsonish, redisAnswer, rng } from "./support/fuzz-inputs.ts";

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
      const config =
        i % 3 === 0
          ? JSON.stringify({ reply: r() < 0.5, _rules_: [{ _match_domain_: ["*.x"], a: jsonish(r) }] })
          : jsonish(r);
      const { host, error } = await TestHost.tryStart({ wasm: pluginPath("fuzz"), config, flavor: "higress" });
      // A trap is logged by the host as Envoy does ("Function: proxy_on_configure failed: …");
      // and the SDK logs every refusal of its own ("configuration rejected: …").
      const trapped =
        error !== undefined &&
        (error.logs.some((l) => l.source === "host" && l.message.startsWith("Function: ")) ||
          !error.logs.some((l) => l.message.includes("configuration rejected")));
      if (trapped || host?.vmFailed)
        expect.fail(`configuration ${i} trapped; input saved to ${saveFailure("config", i, config)}`);
      if (host) started++;
      else rejected++;
    }
    // Both paths were exercised.
    expect(started).toBeGreaterThan(CONFIGS / 10);
    expect(rejected).toBeGreaterThan(CONFIGS / 10);
  });

  it(`survives ${REQUESTS} random requests (headers, payloads, bodies, http-call answers, Redis replies)`, async () => {
    const r = rng(SEED + 1);
    const startHost = (i: number) =>
      TestHost.start({ wasm: pluginPath("fuzz"), config: { reply: i % 10_000 === 0, redis: true }, flavor: "higress" });
    let host = await startHost(0);
    let inputs = 0;
    const answered = { http: 0, redis: 0 };
    for (let i = 0; i < REQUESTS; i++) {
      if (i % 5_000 === 0 && i > 0) host = await startHost(i);
      const headers = headerMap(r);
      const callKind = r() < 0.15 ? "http" : r() < 0.15 ? "redis" : null;
      if (callKind) headers.push(["x-call", callKind]);
      const withBody = r() < 0.5;
      const body = withBody ? bodyBytes(r) : null;
      const answer = callKind === "http" ? httpAnswer(r) : callKind === "redis" ? redisAnswer(r) : null;
      inputs +=
        1 +
        headers.filter(([k]) => k === "x-json" || k === "x-resp" || k === "x-pairs").length +
        (body ? 1 : 0) +
        (answer ? 1 : 0);
      const http = host.initHttp();
      http.callOnHttpRequestHeaders(headers, !withBody);
      if (body) http.callOnHttpRequestBody(body, true);
      if (answer !== null && !host.vmFailed) {
        if (callKind === "http") {
          const call = host.getHttpCalls()[0];
          const a = answer as ReturnType<typeof httpAnswer>;
          if (call) {
            answered.http++;
            if (a.kind === "respond") call.respond({ status: a.status, headers: a.headers, body: a.body });
            else if (a.kind === "timeout") call.timeout();
            else if (a.kind === "connect-failure") call.connectFailure();
            else call.reset();
          }
        } else {
          const call = host.getRedisCalls()[0];
          if (call) {
            answered.redis++;
            if (answer === "fail") call.fail();
            else call.reply(answer as Buffer);
          }
        }
      }
      http.completeHttp();
      if (host.vmFailed) {
        const input = {
          headers,
          body: body?.toString("base64"),
          callKind,
          answer: answer instanceof Buffer ? answer.toString("base64") : answer,
        };
        expect.fail(`request ${i} trapped; input saved to ${saveFailure("request", i, input)}`);
      }
    }
    expect(inputs).toBeGreaterThanOrEqual(REQUESTS);
    // The call paths were really exercised (the plugin made the calls and got the answers).
    expect(answered.http).toBeGreaterThan(REQUESTS / 20);
    expect(answered.redis).toBeGreaterThan(REQUESTS / 40);
    expect(host.getLogs("critical")).toEqual([]);
    console.log(
      `fuzz: ${inputs} inputs in ${REQUESTS} requests (${answered.http} http answers, ${answered.redis} Redis replies), ${CONFIGS} configurations`,
    );
  });
});
