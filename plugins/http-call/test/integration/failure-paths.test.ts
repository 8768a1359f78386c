// The token service failing, through the plugin's envoy.yaml in the local gateway with real
// httpbin: answering 503, hanging past the timeout, or down. fail-closed (the default) gives
// 500 "http call failed"; fail-open (envoy.yaml's rule for open.example.com) passes the
// request on without a token. Each test checks which path was taken (status, body, the token
// header, the plugin's log line for that request), not how fast: a hung token service never
// answers, so any answer at all shows the plugin's timeout fired, and the timeout path is
// never taken before the configured timeout has passed. The times are printed, not asserted.
// These tests always start their own gateway: they steer the token service, which they cannot
// do behind a gateway at GATEWAY_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeLoopbackPort, type PluginGateway, pluginGateway } from "@gatewasm/host";
import { echoedHeaders, get, type GatewayAnswer } from "../support/client.ts";
import { CONFIGURED_TIMEOUT_MS, pluginDir, TOKEN_CLUSTER } from "../support/gateway.ts";
import { startTokenServer, type TokenServer } from "../support/token-server.ts";

/**
 * A client-side cap so that a request the gateway never answers fails the test instead of
 * hanging it: generous (a loaded machine is slow), and far beyond the plugin's timeout.
 */
const DEADLINE_MS = 60_000;

let token: TokenServer;
let withToken: PluginGateway;
let tokenDown: PluginGateway;
const measured: string[] = [];

beforeAll(async () => {
  token = await startTokenServer();
  withToken = await pluginGateway(pluginDir, { clusters: { [TOKEN_CLUSTER]: token.address }, local: true });
  // Nothing listens on this port: every call to the token service is refused.
  const nobody = `127.0.0.1:${await freeLoopbackPort()}`;
  tokenDown = await pluginGateway(pluginDir, { clusters: { [TOKEN_CLUSTER]: nobody }, local: true });
});

afterAll(async () => {
  await withToken?.stop();
  await tokenDown?.stop();
  await token?.stop();
  console.info(
    `http-call failure paths (timeout ${CONFIGURED_TIMEOUT_MS} ms; times are not asserted): ${measured.join(", ")}`,
  );
});

/** Sends one request and returns its answer with the log lines the gateway printed meanwhile. */
async function request(
  name: string,
  gateway: PluginGateway,
  path: string,
  options: Parameters<typeof get>[1] = {},
): Promise<{ answer: GatewayAnswer; logged: string[] }> {
  const before = gateway.logs.length;
  const answer = await get(`${gateway.url}${path}`, { ...options, deadlineMs: DEADLINE_MS });
  measured.push(`${name} ${answer.elapsedMs.toFixed(0)} ms`);
  return { answer, logged: gateway.logs.slice(before) };
}

const cases: [string, () => PluginGateway, () => void, string][] = [
  [
    "503",
    () => withToken,
    () => {
      token.mode = "503";
    },
    "status: 503",
  ],
  [
    "hang",
    () => withToken,
    () => {
      token.mode = "hang";
    },
    `no answer within ${CONFIGURED_TIMEOUT_MS} ms (timeout)`,
  ],
  ["down", () => tokenDown, () => undefined, "connection to the token service failed"],
];

describe.each(cases)("token service %s", (name, gateway, setMode, logged) => {
  it("fail-closed: 500 http call failed, and the log says why", async () => {
    setMode();
    const { answer, logged: lines } = await request(`${name} fail-closed`, gateway(), "/get");
    expect(answer.status).toBe(500);
    expect(answer.body).toBe("http call failed");
    expect(lines.filter((l) => l.includes(logged))).toHaveLength(1);
    // The timeout path is only taken once the timeout has passed.
    if (name === "hang") expect(answer.elapsedMs).toBeGreaterThanOrEqual(CONFIGURED_TIMEOUT_MS);
  });

  it("fail-open: httpbin answers, without a token, and the log says why", async () => {
    setMode();
    const { answer, logged: lines } = await request(`${name} fail-open`, gateway(), "/get", {
      host: "open.example.com",
      headers: { "x-token": "forged" },
    });
    expect(answer.status).toBe(200);
    expect(echoedHeaders(answer)["X-Token"]).toBeUndefined();
    expect(lines.filter((l) => l.includes(logged))).toHaveLength(1);
    if (name === "hang") expect(answer.elapsedMs).toBeGreaterThanOrEqual(CONFIGURED_TIMEOUT_MS);
  });
});

describe("recovery", () => {
  it("adds the token again once the token service answers", async () => {
    token.mode = "answer";
    const answer = await get(`${withToken.url}/get`, { deadlineMs: DEADLINE_MS });
    expect(answer.status).toBe(200);
    expect(echoedHeaders(answer)["X-Token"]).toBe("demo-token");
  });
});
