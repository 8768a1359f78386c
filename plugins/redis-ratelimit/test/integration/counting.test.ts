// Through the gateway from the plugin's own envoy.yaml (Higress flavor, 4 workers, so 4 VMs
// counting in one Redis), in front of a real httpbin and a real redis-server. Exact counts:
// each burst starts where the window has room left, so it cannot straddle a boundary. Answers
// the plugin let through because Redis answered after its timeout (fail-open, which a loaded
// machine can cause) are counted apart, each matched to its log line, and the counts checked
// against what Redis holds.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  failOpenTimeoutLines,
  get,
  isFailOpen,
  passedOn,
  redisCli,
  redisCountOnce,
  startStack,
  verdict,
  waitForWindowRoom,
  windowLeft,
  type Answer,
  type Stack,
} from "../support/integration.ts";

const WINDOW = 60;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack(4);
});

afterAll(async () => {
  await stack?.stop();
});

describe("redis-ratelimit through the gateway", () => {
  it("qpm 5 (the seed's global counter on /): 8 requests give exactly 5 passes and 3 × 429 with the headers", async () => {
    await waitForWindowRoom(stack.redisUrl, WINDOW, 20);
    const logsBefore = stack.logs.length;
    const answers: Answer[] = [];
    for (let i = 0; i < 8; i++) answers.push(await get(`${stack.gateway.url}/get`));

    // One after the other, so request i is Redis's count i + 1 in the window, whether or not
    // its answer came back within the plugin's timeout (a late one is let through uncounted).
    const failOpen = answers.filter(isFailOpen);
    expect(failOpenTimeoutLines(stack.logs.slice(logsBefore)).length, "fail-open answers, one log line each").toBe(
      failOpen.length,
    );
    if (!stack.gateway.external)
      expect((await redisCountOnce(stack.redisUrl, "gatewasm-ratelimit:default:global", 8)).n).toBe(8);
    const counted = answers.filter((a) => !isFailOpen(a));
    expect(counted.length).toBeGreaterThan(0);
    const expected = [
      "admitted 4",
      "admitted 3",
      "admitted 2",
      "admitted 1",
      "admitted 0",
      "rejected 0",
      "rejected 0",
      "rejected 0",
    ];
    expect(
      answers.map((a) => (isFailOpen(a) ? "fail-open" : `${verdict(a)} ${a.headers.get("calltimeleft")}`)),
    ).toEqual(answers.map((a, i) => (isFailOpen(a) ? "fail-open" : expected[i])));
    // What the limiter let through reached httpbin (or, on a loaded machine, failed on the way).
    for (const a of answers.filter((x) => verdict(x) !== "rejected"))
      expect(passedOn(a), a.body).not.toBe("unexpected");

    const timeStamp = counted[0].headers.get("timestamp");
    expect(Number(timeStamp) % WINDOW).toBe(0);
    for (const a of counted) {
      expect(a.headers.get("timestamp")).toBe(timeStamp);
      expect(a.headers.get("ratelimit-policy")).toBe('"default";q=5;w=60');
      expect(a.headers.get("x-ratelimit-limit")).toBe("5");
    }
    for (const rejected of counted.filter((a) => verdict(a) === "rejected")) {
      expect(rejected.body).toBe("Too many requests\n");
      expect(rejected.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(rejected.headers.get("ratelimit")).toMatch(/^"default";r=0;t=\d+$/);
      expect(Number(rejected.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  });

  it("4 VMs, 200 concurrent requests against qpm 50 (per x-api-key on /api/): exactly 50 of the 200 Redis counted pass", async () => {
    const key = `burst-${randomUUID()}`;
    await waitForWindowRoom(stack.redisUrl, WINDOW, 30);
    const logsBefore = stack.logs.length;
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => get(`${stack.gateway.url}/api/get`, { "x-api-key": key })),
    );

    // A Redis reply later than the plugin's 1 s timeout (a loaded machine) lets that request
    // through uncounted: fail-open, no window headers, one log line each. Counted apart.
    const failOpen = answers.filter(isFailOpen);
    expect(failOpenTimeoutLines(stack.logs.slice(logsBefore)).length, "fail-open answers, one log line each").toBe(
      failOpen.length,
    );
    // What the limiter let through reached httpbin, or failed on the way there (a loaded machine
    // can keep the gateway from reaching httpbin in time): not the limiter's doing, and counted.
    const letThrough = answers.filter((a) => verdict(a) !== "rejected");
    for (const a of letThrough) expect(passedOn(a), a.body).not.toBe("unexpected");
    const upstreamFailures = letThrough.filter((a) => passedOn(a) === "upstream failure");
    if (failOpen.length + upstreamFailures.length > 0) {
      console.info(
        `burst: ${failOpen.length} of 200 answers fail-open (Redis answered after the plugin's 1 s timeout), ` +
          `${upstreamFailures.length} let through but not answered by httpbin (${[...new Set(upstreamFailures.map((a) => `${a.status} ${a.body}`))].join("; ")})`,
      );
    }

    const counted = answers.filter((a) => !isFailOpen(a));
    expect(counted.length, "answers Redis counted in time").toBeGreaterThan(0);
    // The burst stayed in one window, so the count means something.
    expect(new Set(counted.map((a) => a.headers.get("timestamp"))).size).toBe(1);
    for (const a of counted) expect(a.headers.get("ratelimit-policy")).toBe('"api";q=50;w=60');
    // Every request reached Redis (a command the plugin stopped waiting for is still run).
    if (!stack.gateway.external) {
      const inRedis = await redisCountOnce(stack.redisUrl, `gatewasm-ratelimit:api:header:x-api-key:=${key}`, 200);
      expect(inRedis).toEqual({ n: 200, w: Number(counted[0].headers.get("timestamp")) });
    }
    // So counts 1 to 50 were handed out once each (no two VMs admitted the same slot), to the
    // counted admissions and, for the rest, to requests whose answer was fail-open.
    const admitted = counted.filter((a) => verdict(a) === "admitted");
    const left = admitted.map((a) => Number(a.headers.get("calltimeleft"))).sort((a, b) => a - b);
    expect(new Set(left).size).toBe(left.length);
    for (const l of left) expect(l).toBeGreaterThanOrEqual(0);
    for (const l of left) expect(l).toBeLessThan(50);
    expect(50 - admitted.length, "slots not seen among the counted admissions").toBeLessThanOrEqual(failOpen.length);
    const rejected = counted.filter((a) => verdict(a) === "rejected");
    expect(rejected.length).toBeLessThanOrEqual(150);
    expect(150 - rejected.length, "counts above 50 not seen among the 429s").toBeLessThanOrEqual(failOpen.length);
    // Without a fail-open answer, that is exactly 50 admitted and 150 × 429.
    if (failOpen.length === 0) expect([admitted.length, rejected.length]).toEqual([50, 150]);
    // Another key has its own counter.
    const other = await get(`${stack.gateway.url}/api/get`, { "x-api-key": `${key}-other` });
    expect(verdict(other)).toBe("admitted");
  });

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
  });
});
