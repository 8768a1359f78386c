// hello-world, run from its shipped release build in the host.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HeaderStatus, TestHost, readWasmModule } from "@gatewasm/host";

const wasmPath = fileURLToPath(new URL("../../build/plugin.wasm", import.meta.url));
const request = { ":authority": "example.com", ":method": "GET", ":path": "/get", ":scheme": "http" };

describe("unit: hello-world build", () => {
  const bytes = readFileSync(wasmPath);
  const info = readWasmModule(bytes);

  it("is at most 8 KB", () => {
    expect(bytes.length).toBeLessThanOrEqual(8 * 1024);
  });

  it("imports only proxy-wasm functions that Envoy provides", () => {
    for (const imp of info.imports) {
      expect(imp.module).toBe("env");
      expect(imp.name).toMatch(/^proxy_/);
    }
  });

  it("exports the ABI marker, an allocator, memory and _initialize, and has no start section", () => {
    const names = info.exports.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(["proxy_abi_version_0_2_1", "malloc", "memory", "_initialize"]));
    expect(info.hasStartSection).toBe(false);
  });
});

describe("unit: hello-world in the host", () => {
  it("answers every request with 200 hello world before the upstream", async () => {
    const host = await TestHost.start({ wasm: wasmPath });
    const http = host.initHttp();
    const action = http.callOnHttpRequestHeaders(request, true);
    // A local reply forces Stop: the request never reaches the upstream.
    expect(action).toBe(HeaderStatus.StopAllIterationAndWatermark);
    const reply = http.getLocalResponse();
    expect(reply?.statusCode).toBe(200);
    expect(reply?.body.toString()).toBe("hello world");
    expect(reply?.headers).toEqual(
      expect.arrayContaining([[":status", "200"], ["content-length", "11"], ["content-type", "text/plain"]]),
    );
    http.completeHttp();
    expect(host.vmFailed).toBe(false);
  });

  it("ignores its configuration (the seed's no-config plugin)", async () => {
    const host = await TestHost.start({ wasm: wasmPath, config: { anything: true } });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    expect(http.getLocalResponse()?.body.toString()).toBe("hello world");
  });

  it("serves many streams on one VM without failing", async () => {
    const host = await TestHost.start({ wasm: wasmPath });
    for (let i = 0; i < 2000; i++) {
      const http = host.initHttp();
      http.callOnHttpRequestHeaders({ ...request, ":path": `/n/${i}` });
      expect(http.getLocalResponse()?.statusCode).toBe(200);
      http.completeHttp();
    }
    expect(host.vmFailed).toBe(false);
    expect(host.getLogs("critical")).toEqual([]);
  });
});
