// Per-route and per-domain `_rules_`, as the Higress console delivers them: the first matching
// rule wins, a rule overrides only what it sets, no match uses the global config.
import { describe, expect, it } from "vitest";
import { request, startMock } from "../support/mock-plugin.js";

const config = {
  requestHeaders: { "x-gateway": "gatewasm" },
  _rules_: [
    { _match_route_: ["payments-sandbox"], mockEnable: true, mockBody: { status: "approved" } },
    { _match_domain_: ["*.staging.example.com"], requestHeaders: { "x-env": "staging" } },
    { _match_domain_: ["api.staging.example.com"], mockEnable: true },
  ],
};

async function send(cfg: object, options: { routeName?: string; authority?: string } = {}) {
  const host = await startMock(cfg);
  const http = host.initHttp({ routeName: options.routeName });
  http.callOnHttpRequestHeaders({ ...request, ":authority": options.authority ?? "example.com" }, true);
  return { local: http.getLocalResponse(), upstream: http.getUpstreamRequest()?.headers.slice(4) ?? null };
}

describe("unit: _rules_", () => {
  it("a route rule mocks that route only, with the global headers left for others", async () => {
    const mocked = await send(config, { routeName: "payments-sandbox" });
    expect(mocked.local?.body.toString()).toBe('{"status":"approved"}');
    expect(mocked.local?.headers).toContainEqual(["content-type", "application/json; charset=utf-8"]);
    expect(await send(config, { routeName: "payments" })).toEqual({
      local: null,
      upstream: [["x-gateway", "gatewasm"]],
    });
  });

  it("a domain rule replaces requestHeaders; the first matching rule wins", async () => {
    const r = await send(config, { authority: "api.staging.example.com:8443" });
    expect(r).toEqual({ local: null, upstream: [["x-env", "staging"]] });
  });

  it("a rule inherits the keys it does not set from the global config", async () => {
    const r = await send(
      { mockStatusCode: 418, mockBody: "teapot", _rules_: [{ _match_route_: ["r"], mockEnable: true }] },
      { routeName: "r" },
    );
    expect(r.local?.statusCode).toBe(418);
    expect(r.local?.body.toString()).toBe("teapot");
  });

  it("with only _rules_, requests that match no rule pass untouched", async () => {
    const r = await send({ _rules_: [{ _match_route_: ["r"], mockEnable: true }] }, { routeName: "other" });
    expect(r).toEqual({ local: null, upstream: [] });
  });

  it("an error in the global keys drops the global config with a warning, as Higress does; the rules still apply", async () => {
    const cfg = { mockEnable: "yes", _rules_: [{ _match_route_: ["r"], mockEnable: true }] };
    const host = await startMock(cfg);
    expect(host.getLogs("warn")).toContain(
      "[mock] [-] global configuration ignored (rules exist): $.mockEnable: expected a boolean (true or false), got a string",
    );
    expect((await send(cfg, { routeName: "r" })).local?.body.toString()).toBe("hello world");
    expect(await send(cfg, { routeName: "other" })).toEqual({ local: null, upstream: [] });
  });
});
