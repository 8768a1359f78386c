// The seed's "Feature verification", step 1 and 2: httpbin reached directly shows no Hello
// header; through the gateway (the plugin's own envoy.yaml, `{"mockEnable": false}`) it echoes
// "Hello": "world" among the request headers it received. With GATEWAY_URL set (Envoy or
// Higress from docker-compose.yaml) the requests go to that gateway instead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PluginGateway, pluginGateway } from "@gatewasm/host";
import { pluginDir } from "../support/mock-plugin.js";

interface HttpbinGet {
  headers: Record<string, string>;
  url: string;
}

describe("integration: seed feature verification through the gateway", () => {
  let gateway: PluginGateway;

  beforeAll(async () => {
    gateway = await pluginGateway(pluginDir);
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it("httpbin reached directly shows no Hello header", async () => {
    const body = (await (await fetch(`${gateway.httpbin.url}/get`)).json()) as HttpbinGet;
    expect(body.headers.Hello).toBeUndefined();
  });

  it('/get through the gateway: httpbin echoes "Hello": "world"', async () => {
    const res = await fetch(`${gateway.url}/get`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as HttpbinGet;
    expect(body.headers.Hello).toBe("world");
    // scheme_to_overwrite: https in the seed's envoy.yaml, as the seed's output shows.
    expect(body.url).toMatch(/^https:\/\//);
  });

  it("every request gets the header exactly once, with keep-alive connections reused", async () => {
    for (let i = 0; i < 20; i++) {
      const body = (await (await fetch(`${gateway.url}/get?n=${i}`)).json()) as HttpbinGet;
      expect(body.headers.Hello).toBe("world");
    }
  });
});
