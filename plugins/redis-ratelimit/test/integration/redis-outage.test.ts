// Redis stopped mid-run: each route's failure policy decides (/ fails open, /checkout/ fails
// closed with 503), the log says the connection failed, and counting resumes once Redis is
// back on its address. Needs to stop and start Redis, so it runs against the local gateway only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer } from "@gatewasm/host";
import { get, startStack, type Stack } from "../support/integration.ts";

let stack: Stack;

beforeAll(async () => {
  if (!process.env.GATEWAY_URL) stack = await startStack(2);
});

afterAll(async () => {
  await stack?.stop();
});

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  // The gateway's Redis client reconnects on its own; give it a generous deadline, no speed claim.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not within 120 s: ${what}`);
}

describe.skipIf(!!process.env.GATEWAY_URL)("Redis stopped mid-run", () => {
  it("applies each route's failure policy while Redis is down and recovers when it is back", async () => {
    const before = await get(`${stack.gateway.url}/checkout/get`);
    expect(before.status).toBe(200);
    expect(before.headers.get("ratelimit-policy")).toBe('"checkout";q=20;w=60');

    const port = stack.redis!.port;
    await stack.redis!.stop();

    // fail-open (the default, route "/"): passes, not counted, so no rate-limit headers.
    const open = await get(`${stack.gateway.url}/get`);
    expect(open.status).toBe(200);
    expect(open.headers.get("ratelimit")).toBeNull();
    expect(JSON.parse(open.body).url).toMatch(/\/get$/);
    // fail-closed (route "/checkout/"): 503 without reaching httpbin.
    const closed = await get(`${stack.gateway.url}/checkout/get`);
    expect(closed.status).toBe(503);
    expect(closed.body).toBe("rate limit unavailable\n");
    expect(
      stack.logs.some(
        (l) => l.includes("redis connection failed") && l.includes("request allowed (failurePolicy fail-open)"),
      ),
    ).toBe(true);
    expect(
      stack.logs.some(
        (l) => l.includes("redis connection failed") && l.includes("answered 503 (failurePolicy fail-closed)"),
      ),
    ).toBe(true);

    const restarted = await startRedisServer({ port });
    stack.redis = restarted;
    await eventually(
      async () => (await get(`${stack.gateway.url}/checkout/get`)).status === 200,
      "/checkout/ answers 200 again",
    );
    const counted = await get(`${stack.gateway.url}/get`);
    expect(counted.status).toBe(200);
    expect(counted.headers.get("ratelimit-policy")).toBe('"default";q=5;w=60');
  });
});
