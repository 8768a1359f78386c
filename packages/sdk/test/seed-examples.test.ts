// The seed's four Go examples, translated line for line (test/plugins/seed-*.ts), run in the
// host; plus the size budgets and the import rule (no Redis import unless Redis is used).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HeaderStatus, TestHost, readWasmModule } from "@gatewasm/host";
import { pluginPath, request, start } from "./support/plugins.ts";

function imports(name: string): string[] {
  return readWasmModule(readFileSync(pluginPath(name))).imports.map((i) => `${i.module}.${i.name}`);
}

describe("sizes", () => {
  it("a plugin that only adds a header stays within 6 KiB", () => {
    expect(readFileSync(pluginPath("header-only")).length).toBeLessThanOrEqual(6 * 1024);
  });
  it("the seed's no-config plugin (hello world) stays within 6 KiB", () => {
    expect(readFileSync(pluginPath("seed-hello-world")).length).toBeLessThanOrEqual(6 * 1024);
  });
  it("a plugin that parses config stays within 36 KiB", () => {
    for (const name of ["seed-my-plugin", "seed-http-call", "seed-redis-demo"]) {
      expect(readFileSync(pluginPath(name)).length, name).toBeLessThanOrEqual(36 * 1024);
    }
  });
});

describe("imports", () => {
  it("every test plugin imports only env.proxy_* functions", () => {
    for (const name of [
      "header-only",
      "seed-hello-world",
      "seed-my-plugin",
      "seed-http-call",
      "seed-redis-demo",
      "raw-script",
    ]) {
      for (const i of imports(name)) expect(i, name).toMatch(/^env\.proxy_/);
    }
  });
  it("plugins that do not use Redis do not import Higress's Redis functions (they load on stock Envoy)", () => {
    for (const name of ["header-only", "seed-hello-world", "seed-my-plugin", "seed-http-call", "raw-script"]) {
      expect(
        imports(name).filter((i) => i.includes("redis")),
        name,
      ).toEqual([]);
    }
  });
  it("a Redis plugin imports them, so stock Envoy refuses it and Higress loads it", async () => {
    expect(imports("seed-redis-demo")).toEqual(
      expect.arrayContaining(["env.proxy_redis_init", "env.proxy_redis_call"]),
    );
    const config = { serviceName: "redis.static", qpm: 2 };
    const onEnvoy = await TestHost.tryStart({ wasm: pluginPath("seed-redis-demo"), config, flavor: "envoy" });
    expect(onEnvoy.error?.message).toMatch(/missing import/);
    const onHigress = await TestHost.tryStart({ wasm: pluginPath("seed-redis-demo"), config, flavor: "higress" });
    expect(onHigress.error).toBeUndefined();
  });
});

describe("seed example 1: my-plugin", () => {
  it("with mockEnable answers 200 hello world", async () => {
    const host = await start("seed-my-plugin", { mockEnable: true });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(request)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    expect(http.getLocalResponse()?.statusCode).toBe(200);
    expect(http.getLocalResponse()?.body.toString()).toBe("hello world");
  });
  it("without it adds hello: world to the request going upstream", async () => {
    const host = await start("seed-my-plugin", { mockEnable: false });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(request)).toBe(HeaderStatus.Continue);
    expect(http.getLocalResponse()).toBeNull();
    expect(http.getUpstreamRequest()!.headers).toContainEqual(["hello", "world"]);
  });
  it("a non-boolean mockEnable is refused with its path", async () => {
    const r = await TestHost.tryStart({ wasm: pluginPath("seed-my-plugin"), config: { mockEnable: "yes" } });
    expect(r.error!.logs.map((l) => l.message)).toContain(
      "[my-plugin] [-] configuration rejected: $.mockEnable: expected a boolean, got a string",
    );
  });
});

describe("seed example 2: hello-world", () => {
  it("answers every request with 200 hello world", async () => {
    const host = await start("seed-hello-world");
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    expect(http.getLocalResponse()?.body.toString()).toBe("hello world");
  });
});

describe("seed example 3: http-call", () => {
  const config = { serviceName: "token.static", requestPath: "/token", tokenHeader: "x-token" };

  it("calls the service (static: logical port 80), copies the token header into the request and resumes", async () => {
    const host = await start("seed-http-call", config);
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(request)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    const [c] = host.getHttpCalls();
    expect(c.cluster).toBe("outbound|80||token.static");
    expect(c.header(":path")).toBe("/token");
    expect(c.timeoutMs).toBe(500);
    c.respond({ status: 200, headers: { "x-token": "abc" }, body: "ok" });
    expect(http.getUpstreamRequest()!.headers).toContainEqual(["x-token", "abc"]);
    expect(host.getLogs("info")).toContain("[http-call] [-] get status: 200, response body: ok");
  });

  it("answers 500 http call failed when the service does not answer 200", async () => {
    const host = await start("seed-http-call", config);
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    host.getHttpCalls()[0].respond({ status: 401 });
    expect(http.getLocalResponse()!.statusCode).toBe(500);
    expect(http.getLocalResponse()!.body.toString()).toBe("http call failed");
    expect(host.getLogs("error")).toContain("[http-call] [-] http call failed, status: 401");
  });

  it("continues the request with an error log when the cluster cannot be found", async () => {
    const host = await start("seed-http-call", config, { clusters: ["other"] });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(request)).toBe(HeaderStatus.Continue);
    expect(host.getLogs("error")).toContain(
      "[http-call] [-] Error occurred while calling http, it seems the service cluster cannot be found.",
    );
    expect(http.getUpstreamRequest()).not.toBeNull();
  });

  it("refuses a config without tokenHeader or requestPath, as the seed does", async () => {
    const a = await TestHost.tryStart({ wasm: pluginPath("seed-http-call"), config: { requestPath: "/t" } });
    expect(a.error!.logs.map((l) => l.message)).toContain(
      "[http-call] [-] configuration rejected: missing tokenHeader in config",
    );
    const b = await TestHost.tryStart({ wasm: pluginPath("seed-http-call"), config: { tokenHeader: "x-token" } });
    expect(b.error!.logs.map((l) => l.message)).toContain(
      "[http-call] [-] configuration rejected: missing requestPath in config",
    );
  });
});

describe("seed example 4: redis-demo", () => {
  const config = { serviceName: "redis.static", qpm: 2 };
  const minute = 1_700_000_040n; // seconds, a whole minute
  const clock = () => (minute * 1000n + 12_345n) * 1_000_000n;

  it("counts per minute with INCR, sets EXPIRE on the first hit, and adds the headers to the response", async () => {
    const host = await start("seed-redis-demo", config, { flavor: "higress", clock });
    expect(host.getRedisInits()[0].cluster).toBe("outbound|80||redis.static");
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(request)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    const [incr] = host.getRedisCalls();
    expect(incr.args).toEqual(["INCR", String(minute)]);
    incr.reply(":1\r\n");
    const [expire] = host.getRedisCalls();
    expect(expire.args).toEqual(["EXPIRE", String(minute), "60"]);
    expire.reply(":1\r\n");
    expect(http.getUpstreamRequest()).not.toBeNull();
    http.callOnHttpResponseHeaders({ ":status": "200" }, true);
    expect(http.getResponseHeaders()).toEqual(
      expect.arrayContaining([
        ["timestamp", String(minute)],
        ["calltimeleft", "1"],
      ]),
    );
  });

  it("answers 429 once the count passes qpm", async () => {
    const host = await start("seed-redis-demo", config, { flavor: "higress", clock });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    host.getRedisCalls()[0].reply(":3\r\n");
    const reply = http.getLocalResponse()!;
    expect(reply.statusCode).toBe(429);
    expect(reply.body.toString()).toBe("Too many requests\n");
    expect(reply.headers).toEqual(
      expect.arrayContaining([
        ["timestamp", String(minute)],
        ["calltimeleft", "0"],
      ]),
    );
  });

  it("lets the request through with an error log when Redis fails", async () => {
    const host = await start("seed-redis-demo", config, { flavor: "higress", clock });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    host.getRedisCalls()[0].fail();
    expect(http.getUpstreamRequest()).not.toBeNull();
    expect(host.getLogs("error").some((l) => l.includes("call redis error: cannot connect to redis cluster"))).toBe(
      true,
    );
  });
});
