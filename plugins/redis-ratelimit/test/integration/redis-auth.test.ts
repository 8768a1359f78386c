// A Redis that wants a password the config does not give: the real server's NOAUTH reaches the
// plugin, which logs it as an authentication problem (not a connection failure) and applies the
// route's failure policy. Needs its own Redis, so it runs against the local gateway only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, startStack, type Stack } from "../support/integration.ts";

let stack: Stack;

beforeAll(async () => {
  if (!process.env.GATEWAY_URL) stack = await startStack(1, "s3cret");
});

afterAll(async () => {
  await stack?.stop();
});

describe.skipIf(!!process.env.GATEWAY_URL)("Redis requires a password the config lacks", () => {
  it("logs NOAUTH and applies each route's failure policy", async () => {
    expect((await get(`${stack.gateway.url}/get`)).status).toBe(200);
    expect((await get(`${stack.gateway.url}/checkout/get`)).status).toBe(503);
    const noauth = stack.logs.filter((l) => l.includes("redis NOAUTH: check username and password"));
    expect(noauth.some((l) => l.endsWith("request allowed (failurePolicy fail-open)"))).toBe(true);
    expect(noauth.some((l) => l.endsWith("answered 503 (failurePolicy fail-closed)"))).toBe(true);
  });
});
