// The seed's "Verify the configuration modification": envoy.yaml with `"mockEnable": true`
// makes the gateway answer `hello world` itself, and the upstream sees no request. httpbin
// sits behind a counting proxy to prove it; the same proxy counts the request when mocking is
// off, so the check can fail.
//
// These tests change the plugin configuration, which a running Envoy cannot take from a test:
// they always start the local gateway from a copy of envoy.yaml, GATEWAY_URL or not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envoyYamlWithConfiguration, startGateway, startHttpbin, type HttpbinServer } from "@gatewasm/host";
import { startCountingProxy, type CountingProxy } from "../support/counting-proxy.js";
import { envoyYamlPath, wasmPath } from "../support/mock-plugin.js";

async function withGateway<T>(
  configuration: object,
  upstream: CountingProxy,
  run: (url: string) => Promise<T>,
): Promise<T> {
  const yaml = envoyYamlWithConfiguration(envoyYamlPath, configuration);
  const gateway = await startGateway({
    envoyYaml: yaml.path,
    listen: "127.0.0.1:0",
    clusters: { httpbin: upstream.address },
    wasm: { "/etc/envoy/main.wasm": wasmPath },
    output: () => undefined,
  });
  try {
    return await run(gateway.url);
  } finally {
    await gateway.stop();
    yaml.remove();
  }
}

describe("integration: mockEnable through the gateway", () => {
  let httpbin: HttpbinServer;
  let proxy: CountingProxy;

  beforeAll(async () => {
    httpbin = await startHttpbin();
    proxy = await startCountingProxy(httpbin);
  });

  afterAll(async () => {
    await proxy?.stop();
    await httpbin?.stop();
  });

  it('{"mockEnable": false}: the request reaches httpbin (the counter sees it)', async () => {
    proxy.seen.length = 0;
    const body = await withGateway({ mockEnable: false }, proxy, async (url) => (await fetch(`${url}/get`)).json());
    expect((body as { headers: Record<string, string> }).headers.Hello).toBe("world");
    expect(proxy.seen).toEqual(["/get"]);
  });

  it('{"mockEnable": true}: /get answers 200 hello world and httpbin saw no request', async () => {
    proxy.seen.length = 0;
    const res = await withGateway({ mockEnable: true }, proxy, async (url) => {
      const r = await fetch(`${url}/get`);
      return { status: r.status, type: r.headers.get("content-type"), body: await r.text() };
    });
    expect(res).toEqual({ status: 200, type: "text/plain; charset=utf-8", body: "hello world" });
    expect(proxy.seen).toEqual([]);
  });

  it("a configured JSON reply arrives with its status, headers and inferred content type", async () => {
    proxy.seen.length = 0;
    const config = {
      mockEnable: true,
      mockStatusCode: 503,
      mockHeaders: { "retry-after": "120" },
      mockBody: { code: "MAINTENANCE" },
    };
    const res = await withGateway(config, proxy, async (url) => {
      const r = await fetch(`${url}/anything/checkout`, { method: "POST", body: "x" });
      return {
        status: r.status,
        retry: r.headers.get("retry-after"),
        type: r.headers.get("content-type"),
        body: await r.json(),
      };
    });
    expect(res).toEqual({
      status: 503,
      retry: "120",
      type: "application/json; charset=utf-8",
      body: { code: "MAINTENANCE" },
    });
    expect(proxy.seen).toEqual([]);
  });

  it("configured requestHeaders reach httpbin", async () => {
    const config = { requestHeaders: { "x-env": "staging", "x-feature": ["a", "b"] } };
    const body = await withGateway(config, proxy, async (url) => (await fetch(`${url}/get`)).json());
    const headers = (body as { headers: Record<string, string> }).headers;
    expect(headers["X-Env"]).toBe("staging");
    expect(headers["X-Feature"]).toBe("a,b");
    expect(headers.Hello).toBeUndefined();
  });
});
