// Through the gateway from the plugin's own envoy.yaml (Higress flavor, 4 workers, so 4 VMs
// counting in one Redis), in front of a real httpbin and a real redis-server. Exact counts:
// each burst starts where the window has room left, so it cannot straddle a boundary.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, redisCli, startStack, waitForWindowRoom, windowLeft, type Answer, type Stack } from "../support/integration.ts";

const WINDOW = 60;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack(4);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

function statuses(answers: Answer[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const a of answers) out[a.status] = (out[a.status] ?? 0) + 1;
  return out;
}

describe("redis-ratelimit through the gateway", () => {
  it("qpm 5 (the seed's global counter on /): 8 requests give exactly 5 passes and 3 × 429 with the headers", async () => {
    await waitForWindowRoom(stack.redisUrl, WINDOW, 20);
    const answers: Answer[] = [];
    for (let i = 0; i < 8; i++) answers.push(await get(`${stack.gateway.url}/get`));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);

    const timeStamp = answers[0].headers.get("timestamp");
    expect(Number(timeStamp) % WINDOW).toBe(0);
    expect(answers.map((a) => a.headers.get("calltimeleft"))).toEqual(["4", "3", "2", "1", "0", "0", "0", "0"]);
    for (const a of answers) {
      expect(a.headers.get("timestamp")).toBe(timeStamp);
      expect(a.headers.get("ratelimit-policy")).toBe('"default";q=5;w=60');
      expect(a.headers.get("x-ratelimit-limit")).toBe("5");
    }
    expect(JSON.parse(answers[0].body).url).toMatch(/\/get$/); // httpbin answered
    for (const rejected of answers.slice(5)) {
      expect(rejected.body).toBe("Too many requests\n");
      expect(rejected.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(rejected.headers.get("ratelimit")).toMatch(/^"default";r=0;t=\d+$/);
      expect(Number(rejected.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  }, 90_000);

  it("4 VMs, 200 concurrent requests against qpm 50 (per x-api-key on /api/): exactly 50 pass in the window", async () => {
    const key = `burst-${randomUUID()}`;
    await waitForWindowRoom(stack.redisUrl, WINDOW, 30);
    const answers = await Promise.all(Array.from({ length: 200 }, () => get(`${stack.gateway.url}/api/get`, { "x-api-key": key })));
    // A Redis timeout would let a request through uncounted (fail-open): say so if it happens.
    expect(stack.logs.filter((l) => l.includes("redis timeout"))).toEqual([]);
    // The burst must have stayed in one window for the count to mean anything.
    expect(new Set(answers.map((a) => a.headers.get("timestamp"))).size).toBe(1);
    expect(statuses(answers)).toEqual({ 200: 50, 429: 150 });
    // Every count from 1 to 50 was handed out once: no two VMs admitted the same slot.
    const left = answers.filter((a) => a.status === 200).map((a) => Number(a.headers.get("calltimeleft")));
    expect(left.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(answers.find((a) => a.status === 200)!.headers.get("ratelimit-policy")).toBe('"api";q=50;w=60');
    // Another key has its own counter.
    expect((await get(`${stack.gateway.url}/api/get`, { "x-api-key": `${key}-other` })).status).toBe(200);
  }, 120_000);

  it("every key has a TTL that ends with its window, and holds only the prefix, rule and subject", async () => {
    // The counters of this file's requests; make sure at least one exists now.
    expect((await get(`${stack.gateway.url}/checkout/get`)).status).toBe(200);
    const keys = await redisCli(stack.redisUrl, "--scan", "--pattern", "gatewasm-ratelimit:*");
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(keys).toContain("gatewasm-ratelimit:checkout:global");
    for (const key of keys) {
      expect(key).toMatch(/^gatewasm-ratelimit:(default|api|checkout):(global|header:x-api-key:=.*)$/);
      const [ttl] = await redisCli(stack.redisUrl, "TTL", key);
      expect(Number(ttl), key).toBeGreaterThan(0);
      expect(Number(ttl), key).toBeLessThanOrEqual(WINDOW);
      const [expireAt] = await redisCli(stack.redisUrl, "EXPIRETIME", key);
      const [windowStart] = await redisCli(stack.redisUrl, "HGET", key, "w");
      expect(Number(expireAt), key).toBe(Number(windowStart) + WINDOW);
    }
    expect(await windowLeft(stack.redisUrl, WINDOW)).toBeGreaterThan(0);
  }, 60_000);
});
