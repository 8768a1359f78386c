// The plugin's envoy.yaml in front of real httpbin, with a real token service: the upstream
// sees the token. With GATEWAY_URL set, the same requests go to a gateway started with
// docker-compose (whose token service is httpbin's /response-headers, answering alike).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PluginGateway, pluginGateway } from "@gatewasm/host";
import { echoedHeaders, get } from "../support/client.ts";
import { pluginDir, TOKEN_CLUSTER } from "../support/gateway.ts";
import { startTokenServer, type TokenServer } from "../support/token-server.ts";

let token: TokenServer;
let gw: PluginGateway;

beforeAll(async () => {
  token = await startTokenServer();
  gw = await pluginGateway(pluginDir, { clusters: { [TOKEN_CLUSTER]: token.address } });
});

afterAll(async () => {
  await gw?.stop();
  await token?.stop();
});

describe("http-call in the gateway", () => {
  it("adds the token service's x-token to the request httpbin receives", async () => {
    const before = token.requests.length;
    const answer = await get(`${gw.url}/get`);
    expect(answer.status).toBe(200);
    expect(echoedHeaders(answer)["X-Token"]).toBe("demo-token");
    if (!gw.external) {
      expect(token.requests.length).toBe(before + 1);
      const call = token.requests[token.requests.length - 1];
      expect(call.path).toBe("/response-headers?x-token=demo-token");
      expect(call.headers.host).toBe("token.static");
    }
  });

  it("replaces an x-token the client sent", async () => {
    const answer = await get(`${gw.url}/get`, { headers: { "x-token": "forged" } });
    expect(answer.status).toBe(200);
    expect(echoedHeaders(answer)["X-Token"]).toBe("demo-token");
  });

  it("calls the token service once per request, and once per minute for cached.example.com", async () => {
    const before = token.requests.length;
    for (let i = 0; i < 3; i++) {
      const answer = await get(`${gw.url}/get`, { host: "cached.example.com" });
      expect(answer.status).toBe(200);
      expect(echoedHeaders(answer)["X-Token"]).toBe("demo-token");
    }
    await get(`${gw.url}/get`);
    await get(`${gw.url}/get`);
    if (!gw.external) expect(token.requests.length - before).toBe(1 + 2);
  });
});
