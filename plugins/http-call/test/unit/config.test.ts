// Configuration: the seed's keys and their messages, Higress's cluster names for each service
// kind, and a clear refusal (naming the key) for anything else that is wrong.
import { describe, expect, it } from "vitest";
import { TestHost } from "@gatewasm/host";
import { baseConfig, request, startPlugin, wasm } from "../support/plugin-host.ts";

/** The log line on_configure failed with (the plugin refuses to start). */
async function rejection(config: unknown): Promise<string> {
  const r = await TestHost.tryStart({ wasm, config });
  expect(r.error, `config ${JSON.stringify(config)} should be refused`).toBeDefined();
  const line = r.error!.logs.find((l) => l.message.includes("configuration rejected"));
  expect(line?.levelName).toBe("error");
  return line!.message;
}

/** The cluster and headers of the call the first request makes. */
async function firstCall(config: object) {
  const host = await startPlugin(config);
  host.initHttp().callOnHttpRequestHeaders(request);
  const [call] = host.getHttpCalls();
  return call;
}

describe("seed keys", () => {
  it("refuses to start without tokenHeader or requestPath, with the seed's messages", async () => {
    expect(await rejection({ serviceName: "token.static", requestPath: "/token" })).toContain(
      "missing tokenHeader in config",
    );
    expect(await rejection({ serviceName: "token.static", tokenHeader: "x-token" })).toContain(
      "missing requestPath in config",
    );
    expect(await rejection({ serviceName: "token.static", tokenHeader: "", requestPath: "/t" })).toContain(
      "missing tokenHeader in config",
    );
  });

  it("refuses to start without serviceName (the seed would call a cluster that cannot exist)", async () => {
    expect(await rejection({ requestPath: "/token", tokenHeader: "x-token" })).toContain(
      "missing serviceName in config",
    );
  });

  it("builds Higress's cluster name for each service kind; .static defaults to port 80", async () => {
    const cases: [object, string, string][] = [
      [{ serviceName: "token.static" }, "outbound|80||token.static", "token.static"],
      [{ serviceName: "token.static", servicePort: 8080 }, "outbound|8080||token.static", "token.static"],
      [{ serviceName: "auth.dns", servicePort: 443 }, "outbound|443||auth.dns", "auth.dns"],
      [
        { serviceName: "auth.default.svc.cluster.local", servicePort: 8000 },
        "outbound|8000||auth.default.svc.cluster.local",
        "auth.default.svc.cluster.local",
      ],
      [
        { serviceName: "auth.DEFAULT-GROUP.public.nacos", servicePort: 8848 },
        "outbound|8848||auth.DEFAULT-GROUP.public.nacos",
        "auth.DEFAULT-GROUP.public.nacos",
      ],
    ];
    for (const [service, cluster, authority] of cases) {
      const call = await firstCall({ ...baseConfig, ...service });
      expect(call.cluster).toBe(cluster);
      expect(call.header(":authority")).toBe(authority);
    }
  });

  it("sends a GET to requestPath with a 500 ms timeout by default", async () => {
    const call = await firstCall({ ...baseConfig, requestPath: "/token?scope=api" });
    expect(call.header(":method")).toBe("GET");
    expect(call.header(":path")).toBe("/token?scope=api");
    expect(call.timeoutMs).toBe(500);
    expect(call.body.length).toBe(0);
  });
});

describe("production keys", () => {
  it("takes timeout, method and forwardHeaders", async () => {
    const host = await startPlugin({
      ...baseConfig,
      timeout: 1200,
      method: "POST",
      forwardHeaders: ["Authorization", "x-tenant"],
    });
    host
      .initHttp()
      .callOnHttpRequestHeaders({ ...request, authorization: "Bearer abc", "x-tenant": "t1", cookie: "secret" });
    const [call] = host.getHttpCalls();
    expect(call.timeoutMs).toBe(1200);
    expect(call.header(":method")).toBe("POST");
    expect(call.header("authorization")).toBe("Bearer abc");
    expect(call.header("x-tenant")).toBe("t1");
    expect(call.header("cookie")).toBeUndefined();
  });

  it("leaves a forwarded header out of the call when the request has none", async () => {
    const call = await firstCall({ ...baseConfig, forwardHeaders: ["authorization"] });
    expect(call.header("authorization")).toBeUndefined();
  });

  it("names the key and what was expected for each wrong value", async () => {
    const cases: [object, string][] = [
      [
        { servicePort: 0, serviceName: "auth.dns" },
        "$.servicePort: expected a port between 1 and 65535 (only .static services default to 80)",
      ],
      [{ servicePort: 70000 }, "$.servicePort: expected a port between 1 and 65535"],
      [{ servicePort: "80" }, "$.servicePort: expected an integer, got a string"],
      [{ tokenHeader: "x token" }, "$.tokenHeader: expected a header name"],
      [{ tokenHeader: ":authority" }, "$.tokenHeader: expected a header name"],
      [
        { requestPath: "/to ken" },
        "$.requestPath: expected a path starting with / such as /token, in printable ASCII without spaces",
      ],
      [{ requestPath: "token" }, "$.requestPath: expected a path starting with / such as /token"],
      [{ requestPath: "/t\u00f6ken" }, "$.requestPath: expected a path starting with / such as /token"],
      [{ tokenHeader: 5 }, "$.tokenHeader: expected a string, got a number"],
      [
        { serviceName: "token" },
        "$.serviceName: expected a service name with its type suffix (.static, .dns, .svc.cluster.local, .nacos, .nacos-ext, .consul, .eureka)",
      ],
      [{ serviceName: ".static" }, "$.serviceName: expected a service name with its type suffix"],
      [{ serviceName: "token.static\r\nx-evil: 1" }, "$.serviceName: expected a service name with its type suffix"],
      [{ serviceName: "a|b.static" }, "$.serviceName: expected a service name with its type suffix"],
      [{ timout: 1000 }, '$.timout: unknown key (did you mean "timeout"?)'],
      [
        { cacheTTL: 1000 },
        "$.cacheTTL: unknown key; the keys are serviceName,servicePort,requestPath,tokenHeader,timeout,failurePolicy,method,forwardHeaders,cacheTtl",
      ],
      [{ timeout: 0 }, "$.timeout: expected milliseconds between 1 and 60000"],
      [{ timeout: 60001 }, "$.timeout: expected milliseconds between 1 and 60000"],
      [{ timeout: 1.5 }, "$.timeout: expected an integer"],
      [{ failurePolicy: "open" }, '$.failurePolicy: expected "fail-closed" or "fail-open"'],
      [{ failurePolicy: true }, "$.failurePolicy: expected a string, got a boolean"],
      [{ method: "get" }, "$.method: expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"],
      [{ forwardHeaders: "authorization" }, "$.forwardHeaders: expected an array"],
      [{ forwardHeaders: ["ok", "bad header"] }, "$.forwardHeaders[1]: expected a header name"],
      [{ forwardHeaders: [":path"] }, "$.forwardHeaders[0]: expected a header name"],
      [{ cacheTtl: -1 }, "$.cacheTtl: expected milliseconds between 0 (no cache) and 86400000"],
      [{ cacheTtl: 1000, forwardHeaders: ["authorization"] }, "$.cacheTtl: cannot be combined with forwardHeaders"],
    ];
    for (const [override, message] of cases) {
      expect(await rejection({ ...baseConfig, ...override })).toContain(message);
    }
  });

  it("refuses a configuration that is not a JSON object", async () => {
    expect(await rejection("not json")).toContain("invalid JSON");
    expect(await rejection("[1]")).toContain("expected a JSON object");
  });

  it("checks every `_rules_` entry and names it", async () => {
    const message = await rejection({ ...baseConfig, _rules_: [{ _match_domain_: ["a.example.com"], timeout: -5 }] });
    expect(message).toContain("$._rules_[0].timeout: expected milliseconds between 1 and 60000");
  });
});

describe("per-rule configuration", () => {
  it("lets a rule override keys of the global config; the rest is inherited", async () => {
    const host = await startPlugin({
      ...baseConfig,
      timeout: 800,
      _rules_: [
        { _match_domain_: ["other.example.com"], serviceName: "other.dns", servicePort: 8080, tokenHeader: "x-other" },
      ],
    });
    host.initHttp().callOnHttpRequestHeaders({ ...request, ":authority": "other.example.com" });
    host.initHttp().callOnHttpRequestHeaders(request);
    const [ruleCall, globalCall] = host.getHttpCalls();
    expect(ruleCall.cluster).toBe("outbound|8080||other.dns");
    expect(ruleCall.timeoutMs).toBe(800);
    expect(ruleCall.header(":path")).toBe("/token");
    expect(globalCall.cluster).toBe("outbound|80||token.static");
  });

  it("works with rules only (no global config): unmatched requests pass untouched", async () => {
    const host = await startPlugin({ _rules_: [{ _match_domain_: ["api.example.com"], ...baseConfig }] });
    const other = host.initHttp();
    other.callOnHttpRequestHeaders({ ...request, ":authority": "static.example.com", "x-token": "client" });
    expect(other.getHttpStreamAction()).toBe("continue");
    expect(host.getHttpCalls()).toHaveLength(0);
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(host.getHttpCalls()).toHaveLength(1);
  });
});
