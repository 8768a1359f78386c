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
  it("a plugin that only adds a header stays within 8 KB", () => {
    expect(readFileSync(pluginPath("header-only")).length).toBeLessThanOrEqual(8 * 1024);
  });
  it("the seed's no-config plugin (hello world) stays within 8 KB", () => {
    expect(readFileSync(pluginPath("seed-hello-world")).length).toBeLessThanOrEqual(8 * 1024);
  });
  it("a plugin that parses config stays within 64 KB", () => {
    for (const name of ["seed-my-plugin", "seed-http-call", "seed-redis-demo"]) {
      expect(readFileSync(pluginPath(name)).length, name).toBeLessThanOrEqual(64 * 1024);
    }
  });
});

describe("imports", () => {
  it("every test plugin imports only env.proxy_* functions", () => {
    for (const name of ["header-only", "seed-hello-world", "seed-my-plugin", "seed-http-call", "seed-redis-demo", "raw-script"]) {
      for (const i of imports(name)) expect(i, name).toMatch(/^env\.proxy_/);
    }
  });
  it("plugins that do not use Redis do not import Higress's Redis functions (they load on stock Envoy)", () => {
    for (const name of ["header-only", "seed-hello-world", "seed-my-plugin", "seed-http-call", "raw-script"]) {
      expect(imports(name).filter((i) => i.includes("redis")), name).toEqual([]);
    }
  });
  it("a Redis plugin imports them, so stock Envoy refuses it and Higress loads it", async () => {
    expect(imports("seed-redis-demo")).toEqual(expect.arrayContaining(["env.proxy_redis_init", "env.proxy_redis_call"]));
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
  it("without it lets the request through", async () => {
    const host = await start("seed-my-plugin", { mockEnable: false });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(request)).toBe(HeaderStatus.Continue);
    expect(http.getLocalResponse()).toBeNull();
  });
  it("a non-boolean mockEnable is refused with its path", async () => {
    const r = await TestHost.tryStart({ wasm: pluginPath("seed-my-plugin"), config: { mockEnable: "yes" } });
    expect(r.error!.logs.map((l) => l.message)).toContain("[my-plugin] [-] configuration rejected: mockEnable: expected a boolean, found a string");
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
  it("refuses a config without tokenHeader or requestPath, as the seed does", async () => {
    const a = await TestHost.tryStart({ wasm: pluginPath("seed-http-call"), config: { requestPath: "/t" } });
    expect(a.error!.logs.map((l) => l.message)).toContain("[http-call] [-] configuration rejected: missing tokenHeader in config");
    const b = await TestHost.tryStart({ wasm: pluginPath("seed-http-call"), config: { tokenHeader: "x-token" } });
    expect(b.error!.logs.map((l) => l.message)).toContain("[http-call] [-] configuration rejected: missing requestPath in config");
  });
});
