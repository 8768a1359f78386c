// The server helpers integration tests use: real processes on loopback ports, stopped by pid.
import { describe, expect, it } from "vitest";
import { freeLoopbackPort, startEchoUpstream, startHttpbin, startRedisServer } from "../src/index.js";
import { RedisClient } from "../src/clusters/redis-client.js";
import { encodeCommand } from "../src/internal.js";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("server helpers", () => {
  it("starts httpbin under gunicorn on a loopback port and stops it by pid", async () => {
    const httpbin = await startHttpbin();
    expect(httpbin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const body = (await (await fetch(`${httpbin.url}/get?a=b`)).json()) as { args: Record<string, string> };
    expect(body.args).toEqual({ a: "b" });
    expect(alive(httpbin.pid)).toBe(true);
    await httpbin.stop();
    expect(alive(httpbin.pid)).toBe(false);
  });

  it("starts redis-server with a password and stops it by pid", async () => {
    const redis = await startRedisServer({ password: "pw" });
    expect(redis.url).toBe(`redis://:pw@127.0.0.1:${redis.port}`);
    const client = new RedisClient(
      { host: "127.0.0.1", port: redis.port },
      { username: "", password: "pw", database: 0, timeoutMs: 2000 },
    );
    const reply = await new Promise<string>((r) =>
      client.call(encodeCommand(["PING"]), (x) => r(x.status === 0 ? Buffer.from(x.reply).toString() : "error")),
    );
    client.close();
    expect(reply).toBe("+PONG\r\n");
    await redis.stop();
    expect(alive(redis.pid)).toBe(false);
  });

  it("restarts redis-server on the port a stopped one had", async () => {
    const first = await startRedisServer();
    await first.stop();
    const again = await startRedisServer({ port: first.port });
    try {
      expect(again.address).toBe(first.address);
      expect(again.pid).not.toBe(first.pid);
      expect(alive(again.pid)).toBe(true);
    } finally {
      await again.stop();
    }
  });

  it("runs an echo upstream that answers like httpbin's /get and /anything", async () => {
    const echo = await startEchoUpstream();
    try {
      const get = (await (await fetch(`${echo.url}/get?x=1&x=2`, { headers: { "x-custom-header": "v" } })).json()) as {
        args: unknown;
        headers: Record<string, string>;
        origin: string;
        url: string;
      };
      expect(get.args).toEqual({ x: ["1", "2"] });
      expect(get.headers["X-Custom-Header"]).toBe("v");
      expect(get.origin).toBe("127.0.0.1");
      expect(get.url).toBe(`${echo.url}/get?x=1&x=2`);
      const anything = (await (
        await fetch(`${echo.url}/anything/p`, { method: "PUT", body: '{"k":1}' })
      ).json()) as Record<string, unknown>;
      expect([anything.method, anything.data, anything.json]).toEqual(["PUT", '{"k":1}', { k: 1 }]);
      expect((await fetch(`${echo.url}/status/418`)).status).toBe(418);
    } finally {
      await echo.stop();
    }
  });

  it("hands out loopback ports nobody listens on", async () => {
    const port = await freeLoopbackPort();
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });
});
