// The shipped Lua script on a real redis-server, without the gateway: counting in a window, a new
// window restarting the count, and the expiry that every run sets (even on a key that lost it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "@gatewasm/host";
import { redisCli, redisNow } from "../support/integration.ts";
import { shippedScript } from "../support/unit.ts";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

async function count(key: string, windowSeconds: number): Promise<number[]> {
  return (await redisCli(redis.url, "EVAL", shippedScript(), "1", key, String(windowSeconds))).map(Number);
}

describe("the window script on redis-server", () => {
  it("counts in the window and answers {count, windowStart, secondsToReset} by Redis's clock", async () => {
    const [n1, start, reset] = await count("t:a", 3600);
    const now = await redisNow(redis.url);
    expect(n1).toBe(1);
    expect(start % 3600).toBe(0);
    // secondsToReset counts from the script's own TIME: between the window start and now.
    const scriptNow = start + 3600 - reset;
    expect(scriptNow).toBeGreaterThanOrEqual(start);
    expect(scriptNow).toBeLessThanOrEqual(Math.floor(now));
    expect((await count("t:a", 3600))[0]).toBe(2);
    expect(Number((await redisCli(redis.url, "EXPIRETIME", "t:a"))[0])).toBe(start + 3600);
  });

  it("puts the expiry back on a key that lost it", async () => {
    await count("t:b", 3600);
    await redisCli(redis.url, "PERSIST", "t:b");
    expect((await redisCli(redis.url, "TTL", "t:b"))[0]).toBe("-1");
    await count("t:b", 3600);
    expect(Number((await redisCli(redis.url, "TTL", "t:b"))[0])).toBeGreaterThan(0);
  });

  it("starts a new window at 1 once Redis's clock has passed the window's end", async () => {
    const [, start] = await count("t:c", 1);
    while ((await redisNow(redis.url)) < start + 1) await new Promise((r) => setTimeout(r, 100));
    const [n, next] = await count("t:c", 1);
    expect(n).toBe(1);
    expect(next).toBeGreaterThan(start);
  });
});
