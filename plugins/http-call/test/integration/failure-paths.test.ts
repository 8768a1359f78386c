// The token service failing, through the plugin's envoy.yaml in the local gateway with real
// httpbin: answering 503, hanging past the timeout, or down. fail-closed (the default) gives
// 500 "http call failed"; fail-open (envoy.yaml's rule for open.example.com) passes the
// request on without a token. Either way the answer comes within timeout + 100 ms.
// These tests always start their own gateway: they steer the token service, which they cannot
// do behind a gateway at GATEWAY_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freeLoopbackPort, startHttpbin, type HttpbinServer, type RunningGateway } from "@gatewasm/host";
import { echoedHeaders, get, type GatewayAnswer } from "../support/client.ts";
import { CONFIGURED_TIMEOUT_MS, gatewayOptions, startGateway } from "../support/gateway.ts";
import { startTokenServer, type TokenServer } from "../support/token-server.ts";

/** The bound on every failure path: the plugin's timeout plus 100 ms. */
const BOUND_MS = CONFIGURED_TIMEOUT_MS + 100;

let httpbin: HttpbinServer;
let token: TokenServer;
let withToken: RunningGateway;
let tokenDown: RunningGateway;
const logs: string[] = [];
const measured: string[] = [];

beforeAll(async () => {
  httpbin = await startHttpbin();
  token = await startTokenServer();
  withToken = await startGateway({ ...gatewayOptions(httpbin.address, token.address, logs), listen: "127.0.0.1:0" });
  // Nothing listens on this port: every call to the token service is refused.
  const nobody = `127.0.0.1:${await freeLoopbackPort()}`;
  tokenDown = await startGateway({ ...gatewayOptions(httpbin.address, nobody, logs), listen: "127.0.0.1:0" });
});

afterAll(async () => {
  await withToken?.stop();
  await tokenDown?.stop();
  await token?.stop();
  await httpbin?.stop();
  console.info(`http-call failure paths (bound ${BOUND_MS} ms): ${measured.join(", ")}`);
});

function withinBound(name: string, answer: GatewayAnswer): void {
  measured.push(`${name} ${answer.elapsedMs.toFixed(0)} ms`);
  expect(answer.elapsedMs, `${name} took ${answer.elapsedMs.toFixed(0)} ms`).toBeLessThan(BOUND_MS);
}

const cases: [string, () => RunningGateway, () => void, string][] = [
  ["503", () => withToken, () => void (token.mode = "503"), "status: 503"],
  ["hang", () => withToken, () => void (token.mode = "hang"), `no answer within ${CONFIGURED_TIMEOUT_MS} ms (timeout)`],
  ["down", () => tokenDown, () => undefined, "connection to the token service failed"],
];

describe.each(cases)("token service %s", (name, gateway, setMode, logged) => {
  it("fail-closed: 500 http call failed within timeout + 100 ms", async () => {
    setMode();
    const answer = await get(`${gateway().url}/get`, { deadlineMs: 5_000 });
    expect(answer.status).toBe(500);
    expect(answer.body).toBe("http call failed");
    withinBound(`${name} fail-closed`, answer);
    expect(logs.join("\n")).toContain(logged);
  });

  it("fail-open: httpbin answers, without a token, within timeout + 100 ms", async () => {
    setMode();
    const answer = await get(`${gateway().url}/get`, { host: "open.example.com", headers: { "x-token": "forged" }, deadlineMs: 5_000 });
    expect(answer.status).toBe(200);
    expect(echoedHeaders(answer)["X-Token"]).toBeUndefined();
    withinBound(`${name} fail-open`, answer);
  });
});

describe("recovery", () => {
  it("adds the token again once the token service answers", async () => {
    token.mode = "answer";
    const answer = await get(`${withToken.url}/get`, { deadlineMs: 5_000 });
    expect(answer.status).toBe(200);
    expect(echoedHeaders(answer)["X-Token"]).toBe("demo-token");
  });
});
