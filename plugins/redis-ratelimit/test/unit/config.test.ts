// Configuration: the seed's keys and defaults, the production keys, `_rules_`, and errors that
// name the JSON path. A refused config fails on_configure (Envoy keeps the old one or refuses to start).
import { describe, expect, it } from "vitest";
import { TestHost } from "@gatewasm/host";
import {
  WINDOW_START,
  baseConfig,
  commandOf,
  errorLogs,
  request,
  start,
  wasmPath,
  windowReply,
} from "../support/unit.ts";

async function rejection(config: unknown): Promise<string[]> {
  const r = await TestHost.tryStart({ wasm: wasmPath, config, flavor: "higress" });
  expect(r.error, JSON.stringify(config)).toBeDefined();
  return r.error!.logs.map((l) => l.message);
}

describe("config: the seed's keys", () => {
  it("inits Redis on outbound|port||serviceName with user, password and timeout (default 1000 ms)", async () => {
    const host = await start({ serviceName: "redis.static", servicePort: 6379, username: "u", password: "p", qpm: 5 });
    const [init] = host.getRedisInits();
    expect(init).toMatchObject({
      cluster: "outbound|6379||redis.static",
      username: "u",
      password: "p",
      timeoutMs: 1000,
      database: 0,
    });
  });

  it("defaults servicePort to 80 for a .static service and 6379 otherwise, as the seed does", async () => {
    const a = await start({ serviceName: "redis.static", qpm: 1 });
    expect(a.getRedisInits()[0].cluster).toBe("outbound|80||redis.static");
    const b = await start({ serviceName: "my-redis.dns", qpm: 1, timeout: 0 });
    expect(b.getRedisInits()[0]).toMatchObject({ cluster: "outbound|6379||my-redis.dns", timeoutMs: 1000 });
  });

  it("passes timeout and database to the Redis init", async () => {
    const host = await start({ ...baseConfig, timeout: 250, database: 3 });
    expect(host.getRedisInits()[0]).toMatchObject({ timeoutMs: 250, database: 3 });
  });
});

describe("config: errors name the path", () => {
  const cases: [unknown, string][] = [
    [{ qpm: 5 }, "$.serviceName: is required"],
    [{ serviceName: "redis.static" }, "$.qpm: is required"],
    [{ ...baseConfig, qpm: 0 }, "$.qpm: is required"],
    [{ ...baseConfig, qpm: "5" }, "$.qpm: expected an integer, got a string"],
    [{ ...baseConfig, servicePort: 70000 }, "$.servicePort: must be a port"],
    [{ ...baseConfig, timeout: -1 }, "$.timeout: must be 1 to 3600000 ms"],
    [{ ...baseConfig, database: -1 }, "$.database: must be a Redis database number"],
    [{ ...baseConfig, windowSeconds: 0 }, "$.windowSeconds: must be 1 to 86400 seconds"],
    [{ ...baseConfig, limitBy: "cookie:a" }, '$.limitBy: expected "global", "ip", "header:<name>" or "query:<name>"'],
    [{ ...baseConfig, limitBy: "header:bad name" }, "$.limitBy: expected"],
    [{ ...baseConfig, limitBy: "header:" }, "$.limitBy: expected"],
    [{ ...baseConfig, failurePolicy: "closed" }, '$.failurePolicy: expected "fail-open" or "fail-closed"'],
    [{ ...baseConfig, ruleName: "a:b" }, "$.ruleName: must be 1 to 64 characters"],
    [{ ...baseConfig, keyPrefix: "" }, "$.keyPrefix: must be 1 to 64 characters"],
    [{ ...baseConfig, seedHeaders: "yes" }, "$.seedHeaders: expected a boolean"],
    [{ ...baseConfig, _rules_: [{ _match_route_: ["r"], qpm: 9 }] }, "$._rules_[0].ruleName: is required in a rule"],
    [{ ...baseConfig, _rules_: [{ _match_route_: ["r"], ruleName: "r", qpm: -2 }] }, "$._rules_[0].qpm: is required"],
    [{ ...baseConfig, qpn: 5 }, '$.qpn: unknown key (did you mean "qpm"?)'],
    [
      { ...baseConfig, _rules_: [{ _match_route_: ["r"], ruleName: "r", windowSecond: 5 }] },
      '$._rules_[0].windowSecond: unknown key (did you mean "windowSeconds"?)',
    ],
    [{ ...baseConfig, limitBy: 5 }, "$.limitBy: expected a string, got a number"],
    [
      {
        ...baseConfig,
        _rules_: [
          { _match_route_: ["a"], ruleName: "api" },
          { _match_route_: ["b"], ruleName: "api" },
        ],
      },
      '$._rules_[1].ruleName: is taken (by another rule, or "default" by the global limit)',
    ],
    [
      { ...baseConfig, _rules_: [{ _match_route_: ["a"], ruleName: "default" }] },
      '$._rules_[0].ruleName: is taken (by another rule, or "default" by the global limit)',
    ],
  ];
  for (const [config, message] of cases) {
    it(`refuses ${JSON.stringify(config)}`, async () => {
      const logs = await rejection(config);
      expect(
        logs.some((l) => l.includes(`configuration rejected: ${message}`)),
        logs.join("\n"),
      ).toBe(true);
    });
  }
});

describe("config: a missing Redis cluster", () => {
  it("starts, logs which cluster it looked for and how to declare it, and lets requests through", async () => {
    const host = await start(baseConfig, { clusters: ["other"] });
    const init = errorLogs(host).find((l) => l.includes("redis init failed"));
    expect(init).toContain("outbound|6379||redis.static");
    expect(init).toContain("envoy.yaml");
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    expect(http.getUpstreamRequest()).not.toBeNull();
    expect(errorLogs(host).some((l) => l.includes("redis cluster not found") && l.includes("fail-open"))).toBe(true);
  });
});

describe("config: _rules_", () => {
  const config = {
    ...baseConfig,
    _rules_: [
      { _match_route_: ["api"], ruleName: "api", qpm: 50, windowSeconds: 10, limitBy: "header:X-Api-Key" },
      { _match_route_: ["other-redis"], ruleName: "other", serviceName: "cache.dns", database: 2 },
    ],
  };

  it("a rule inherits the global keys, states what differs, and counts under its own name", async () => {
    const host = await start(config);
    const http = host.initHttp({ routeName: "api" });
    http.callOnHttpRequestHeaders({ ...request, "x-api-key": "k1" }, true);
    const [call] = host.getRedisCalls();
    expect(call.cluster).toBe("outbound|6379||redis.static");
    expect(commandOf(call).slice(2)).toEqual(["1", "gatewasm-ratelimit:api:header:x-api-key:=k1", "10"]);
    call.reply(windowReply(1, WINDOW_START, 7));
    http.callOnHttpResponseHeaders({ ":status": "200" }, true);
    const headers = Object.fromEntries(http.getResponseHeaders()!);
    expect(headers["ratelimit-policy"]).toBe('"api";q=50;w=10');
    expect(headers["x-ratelimit-remaining"]).toBe("49");
  });

  it("a rule with another serviceName gets its own Redis client; other routes use the global config", async () => {
    const host = await start(config);
    expect(host.getRedisInits()).toEqual(
      expect.arrayContaining([expect.objectContaining({ cluster: "outbound|6379||cache.dns", database: 2 })]),
    );
    const other = host.initHttp({ routeName: "other-redis" });
    other.callOnHttpRequestHeaders(request, true);
    expect(host.getRedisCalls()[0].cluster).toBe("outbound|6379||cache.dns");
    host.getRedisCalls()[0].reply(windowReply(1));
    const plain = host.initHttp({ routeName: "web" });
    plain.callOnHttpRequestHeaders(request, true);
    const [call] = host.getRedisCalls();
    expect(commandOf(call).slice(3)).toEqual(["gatewasm-ratelimit:default:global", "60"]);
  });
});
