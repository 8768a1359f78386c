// hello-world in the gateway started from its own envoy.yaml, in front of a real httpbin (or
// the gateway at GATEWAY_URL, from docker-compose.yaml): every request is answered by the
// plugin, never by httpbin.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PluginGateway, pluginGateway } from "@gatewasm/host";

describe("integration: hello-world through the gateway", () => {
  let gateway: PluginGateway;

  beforeAll(async () => {
    gateway = await pluginGateway(fileURLToPath(new URL("../../", import.meta.url)));
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it("httpbin itself answers /get with its JSON echo", async () => {
    expect(await (await fetch(`${gateway.httpbin.url}/get`)).json()).toHaveProperty("headers");
  });

  for (const [method, path] of [
    ["GET", "/get"],
    ["POST", "/anything"],
    ["GET", "/status/500"],
  ]) {
    it(`${method} ${path} through the gateway: 200 hello world from the plugin`, async () => {
      const res = await fetch(`${gateway.url}${path}`, { method, body: method === "POST" ? "payload" : undefined });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/plain");
      expect(await res.text()).toBe("hello world");
    });
  }
});
