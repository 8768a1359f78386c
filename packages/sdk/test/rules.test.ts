// `_rules_` matching as Higress does it. Domain rules match :authority (port stripped); route
// and service rules read properties route_name / cluster_name (see rules-properties.test.ts).
import { describe, expect, it } from "vitest";
import { HeaderStatus, TestHost } from "@gatewasm/host";
import { pluginPath, request, start } from "./support/plugins.ts";

const domainRules = {
  name: "global",
  enabled: true,
  _rules_: [
    { _match_domain_: ["*.example.com"], name: "suffix" },
    { _match_domain_: ["api*"], name: "prefix" },
    { _match_domain_: ["exact.io", "other.io"], name: "exact", limit: 3 },
    { _match_domain_: ["*.example.com"], name: "never: an earlier rule matches first" },
  ],
};

async function matched(config: unknown, authority: string, plugin = "wrapper-config"): Promise<string | null> {
  const host = await start(plugin, config);
  const http = host.initHttp();
  http.callOnHttpRequestHeaders({ ...request, ":authority": authority });
  return http.getLocalResponse()?.body.toString() ?? null;
}

describe("domain rules", () => {
  const cases: [string, string][] = [
    ["a.example.com", "suffix"],
    ["a.example.com:8443", "suffix"],
    ["deep.a.example.com", "suffix"],
    ["example.com", "global"],
    ["api.internal", "prefix"],
    ["api", "prefix"],
    ["exact.io", "exact"],
    ["other.io:80", "exact"],
    ["exact.io.evil", "global"],
    ["unrelated.org", "global"],
  ];
  for (const [authority, name] of cases) {
    it(`${authority} -> ${name}`, async () => {
      expect(await matched(domainRules, authority)).toMatch(new RegExp(`^name=${name};`));
    });
  }

  it("a rule config starts as a copy of the global one (parseOverrideConfigBy)", async () => {
    const body = await matched(domainRules, "exact.io");
    expect(body).toContain("name=exact;enabled=true;limit=3;");
    expect(body).toContain("origin=rule(global=global)");
  });

  it("an IPv6 authority keeps its brackets when the port is stripped", async () => {
    const config = { _rules_: [{ _match_domain_: ["[::1]"], name: "v6" }], name: "global" };
    expect(await matched(config, "[::1]:8080")).toMatch(/^name=v6;/);
  });

  it("with plain parseConfigBy a rule starts from defaults, not from the global config", async () => {
    const config = { name: "g", limit: 5, _rules_: [{ _match_domain_: ["x.io"], name: "r" }] };
    expect(await matched(config, "x.io", "wrapper-plain-rules")).toBe("r:10");
    expect(await matched(config, "y.io", "wrapper-plain-rules")).toBe("g:5");
  });
});

describe("no global config", () => {
  it("a request no rule matches skips the plugin", async () => {
    const host = await start("wrapper-config", { _rules_: [{ _match_domain_: ["only.io"], name: "only" }] });
    const skipped = host.initHttp();
    expect(skipped.callOnHttpRequestHeaders({ ...request, ":authority": "else.io" })).toBe(HeaderStatus.Continue);
    expect(skipped.getLocalResponse()).toBeNull();
    const hit = host.initHttp();
    hit.callOnHttpRequestHeaders({ ...request, ":authority": "only.io" });
    expect(hit.getLocalResponse()!.body.toString()).toMatch(/^name=only;/);
    expect(hit.getLocalResponse()!.body.toString()).toContain("origin=rule(global=default)");
  });
});

describe("rule errors fail on_configure with the rule's path", () => {
  async function rejection(config: unknown): Promise<string> {
    const r = await TestHost.tryStart({ wasm: pluginPath("wrapper-config"), config });
    expect(r.error).toBeDefined();
    return r.error!.logs.map((l) => l.message).join("\n");
  }

  it("a rule without any condition", async () => {
    expect(await rejection({ _rules_: [{ _match_domain_: ["a.io"] }, { name: "x" }] })).toContain(
      "configuration rejected: $._rules_[1]: a rule needs at least one of _match_route_, _match_domain_, _match_service_, _match_route_prefix_",
    );
  });
  it("a wrong type inside a rule", async () => {
    expect(await rejection({ _rules_: [{ _match_domain_: ["a.io"], limit: "x" }] })).toContain(
      "configuration rejected: $._rules_[0].limit: expected an integer, got a string",
    );
  });
  it("a wrong condition type", async () => {
    expect(await rejection({ _rules_: [{ _match_domain_: "a.io" }] })).toContain(
      "configuration rejected: $._rules_[0]._match_domain_: expected an array, got a string",
    );
  });
  it("_rules_ that is not an array", async () => {
    expect(await rejection({ _rules_: { a: 1 } })).toContain(
      "configuration rejected: $._rules_: expected an array, got an object",
    );
  });
  it("an empty _rules_ and no global keys", async () => {
    expect(await rejection({ _rules_: [] })).toContain(
      "configuration rejected: $._rules_: no global config and no rules",
    );
  });
  it("a rule that is not an object", async () => {
    expect(await rejection({ _rules_: [5] })).toContain(
      "configuration rejected: $._rules_[0]: expected an object, got a number",
    );
  });
});

describe("_plugin_id_ and request ids in logs", () => {
  it("log lines carry the plugin name, the plugin id and the request id", async () => {
    const host = await start("wrapper-config", { name: "g", _plugin_id_: "pid-7" });
    host.initHttp().callOnHttpRequestHeaders({ ...request, "x-request-id": "req-42" });
    expect(host.getLogs("info")).toContain("[wrapper-config] [pid-7] [req-42] matched g");
  });
  it("without them the line shows '-' for the request id", async () => {
    const host = await start("wrapper-config", { name: "g" });
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(host.getLogs("info")).toContain("[wrapper-config] [-] matched g");
  });
  it("_plugin_id_ is not a global key: with only _rules_ there is no global config", async () => {
    const host = await start("wrapper-config", {
      _plugin_id_: "p",
      _rules_: [{ _match_domain_: ["a.io"], name: "a" }],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...request, ":authority": "b.io" });
    expect(http.getLocalResponse()).toBeNull();
  });
});

describe("route, route prefix and service rules (properties route_name and cluster_name)", () => {
  const config = {
    name: "global",
    _rules_: [
      { _match_route_: ["ns/route-a"], name: "route" },
      { _match_route_: ["ns/route-b"], _match_service_: ["svc-b.ns.svc.cluster.local"], name: "route+service" },
      { _match_service_: ["svc-c.dns:8080"], name: "service with port" },
      { _match_service_: ["svc-d.static"], name: "service" },
      { _match_route_prefix_: ["canary-"], name: "prefix" },
      { _match_route_: ["ns/route-e"], _match_domain_: ["never.io"], name: "route wins over domain" },
    ],
  };

  async function match(
    routeName: string | undefined,
    clusterName: string | undefined,
    authority = "example.com",
  ): Promise<string | null> {
    const host = await start("wrapper-config", config);
    const http = host.initHttp({ routeName, clusterName });
    http.callOnHttpRequestHeaders({ ...request, ":authority": authority });
    return http.getLocalResponse()?.body.toString().split(";")[0].slice(5) ?? null;
  }

  const cases: [string, string | undefined, string | undefined, string][] = [
    ["an exact route", "ns/route-a", undefined, "route"],
    ["a route that is only a prefix of a configured one", "ns/route", undefined, "global"],
    ["route and service both matching", "ns/route-b", "outbound|80||svc-b.ns.svc.cluster.local", "route+service"],
    ["route matching but not the service", "ns/route-b", "outbound|80||other.dns", "global"],
    ["a service by fqdn:port", undefined, "outbound|8080||svc-c.dns", "service with port"],
    ["a service on another port", undefined, "outbound|9090||svc-c.dns", "global"],
    ["a service by fqdn (any port, any subset)", undefined, "outbound|80|v1|svc-d.static", "service"],
    ["a malformed cluster name", undefined, "svc-d.static", "global"],
    ["a route prefix", "canary-42", undefined, "prefix"],
    ["a rule with route and domain is a route rule", "ns/route-e", undefined, "route wins over domain"],
  ];
  for (const [what, route, cluster, name] of cases) {
    it(what, async () => {
      expect(await match(route, cluster)).toBe(name);
    });
  }

  it("the first matching rule wins", async () => {
    const first = {
      name: "global",
      _rules_: [
        { _match_route_prefix_: ["ns/"], name: "first" },
        { _match_route_: ["ns/route-a"], name: "second" },
      ],
    };
    const host = await start("wrapper-config", first);
    const http = host.initHttp({ routeName: "ns/route-a" });
    http.callOnHttpRequestHeaders(request);
    expect(http.getLocalResponse()!.body.toString()).toMatch(/^name=first;/);
  });
});
