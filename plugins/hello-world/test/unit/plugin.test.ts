// hello-world, run from its shipped release build in the host (the build itself: build.test.ts).
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HeaderStatus, TestHost } from "@gatewasm/host";

const wasmPath = fileURLToPath(new URL("../../build/plugin.wasm", import.meta.url));
const request = { ":authority": "example.com", ":method": "GET", ":path": "/get", ":scheme": "http" };

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
      expect.arrayContaining([
        [":status", "200"],
        ["content-length", "11"],
        ["content-type", "text/plain"],
      ]),
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
