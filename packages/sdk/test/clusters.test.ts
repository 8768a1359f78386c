// Cluster names exactly as Higress builds them, and the RESP codec, exercised through plugin
// phases (the plugin reports what it built in its local reply).
import { describe, expect, it } from "vitest";
import { request, start } from "./support/plugins.ts";

async function names(clusters: unknown[]): Promise<string[]> {
  const host = await start("http-client", { clusters });
  const http = host.initHttp();
  http.callOnHttpRequestHeaders(request);
  return http
    .getLocalResponse()!
    .body.toString()
    .split("\n")
    .filter((l) => l.length > 0);
}

describe("cluster names and host names", () => {
  const cases: [string, unknown, string][] = [
    ["FQDNCluster", { kind: "fqdn", fqdn: "my-svc.dns", port: 80 }, "outbound|80||my-svc.dns my-svc.dns"],
    [
      "FQDNCluster with host",
      { kind: "fqdn", fqdn: "redis.static", port: 6379, host: "redis.local" },
      "outbound|6379||redis.static redis.local",
    ],
    [
      "DnsCluster",
      { kind: "dns", serviceName: "auth", domain: "auth.example.com", port: 443 },
      "outbound|443||auth.dns auth.example.com",
    ],
    ["StaticIpCluster", { kind: "static", serviceName: "billing", port: 80 }, "outbound|80||billing.static billing"],
    [
      "StaticIpCluster with host",
      { kind: "static", serviceName: "billing", port: 80, host: "b.io" },
      "outbound|80||billing.static b.io",
    ],
    [
      "K8sCluster",
      { kind: "k8s", serviceName: "api", namespace: "prod", port: 8080 },
      "outbound|8080||api.prod.svc.cluster.local api.prod.svc.cluster.local",
    ],
    [
      "K8sCluster, default namespace, version",
      { kind: "k8s", serviceName: "api", port: 8080, version: "v2" },
      "outbound|8080|v2|api.default.svc.cluster.local api..svc.cluster.local",
    ],
    [
      "NacosCluster",
      { kind: "nacos", serviceName: "svc", namespaceId: "public", port: 8848 },
      "outbound|8848||svc.DEFAULT-GROUP.public.nacos svc",
    ],
    [
      "NacosCluster, group with _ and ext registry",
      {
        kind: "nacos",
        serviceName: "svc",
        group: "my_group",
        namespaceId: "ns1",
        port: 80,
        isExtRegistry: true,
        version: "1.0",
      },
      "outbound|80|1.0|svc.my-group.ns1.nacos-ext svc",
    ],
    [
      "ConsulCluster",
      { kind: "consul", serviceName: "pay", datacenter: "dc1", port: 9000 },
      "outbound|9000||pay.dc1.consul pay",
    ],
    ["TargetCluster", { kind: "target", cluster: "my_raw_cluster", host: "raw.host" }, "my_raw_cluster raw.host"],
  ];
  for (const [what, cluster, expected] of cases) {
    it(what, async () => {
      expect(await names([cluster])).toEqual([expected]);
    });
  }
});

async function respReply(headers: Record<string, string>): Promise<string> {
  const host = await start("resp-codec");
  const http = host.initHttp();
  http.callOnHttpRequestHeaders({ ...request, ...headers });
  expect(host.vmFailed).toBe(false);
  return http.getLocalResponse()!.body.toString().trimEnd();
}

describe("RESP reader", () => {
  const good: [string, string][] = [
    ["+OK\\r\\n", "+OK"],
    [":42\\r\\n", ":42"],
    [":-9223372036854775808\\r\\n", ":-9223372036854775808"],
    ["$5\\r\\nhello\\r\\n", "$hello"],
    ["$0\\r\\n\\r\\n", "$"],
    ["$-1\\r\\n", "nil"],
    ["*-1\\r\\n", "nil"],
    ["*0\\r\\n", "[]"],
    ["*3\\r\\n:1\\r\\n$3\\r\\nabc\\r\\n*1\\r\\n+x\\r\\n", "[:1,$abc,[+x]]"],
    ["-ERR wrong number of arguments\\r\\n", "-ERR wrong number of arguments (kind 7)"],
    ["-NOAUTH Authentication required.\\r\\n", "-NOAUTH Authentication required. (kind 6)"],
  ];
  for (const [wire, shown] of good) {
    it(`reads ${wire}`, async () => {
      expect(await respReply({ "x-resp": wire })).toBe(shown);
    });
  }

  const bad: [string, string][] = [
    ["", "unexpected end"],
    ["+OK", "missing CRLF"],
    [":12a\\r\\n", "bad integer"],
    [":99999999999999999999\\r\\n", "bad integer"],
    ["$10\\r\\nshort\\r\\n", "bulk length beyond the reply"],
    ["$5\\r\\nhelloXY", "bulk string not followed by CRLF"],
    ["$-2\\r\\n", "bulk length beyond the reply"],
    ["*2\\r\\n:1\\r\\n", "array length beyond the reply"],
    ["*3\\r\\n:1\\r\\n:2\\r\\n:3", "missing CRLF"],
    ["*9223372036854775807\\r\\n", "array length beyond the reply"],
    ["?x\\r\\n", "unknown type byte"],
    ["+OK\\r\\nextra", "trailing bytes after the reply"],
    [`${"*1\\r\\n".repeat(40)}:1\\r\\n`, "nested too deeply"],
  ];
  for (const [wire, why] of bad) {
    it(`refuses ${JSON.stringify(wire.slice(0, 24))} without trapping`, async () => {
      expect(await respReply({ "x-resp": wire })).toBe(`failure(kind 8): malformed redis reply: ${why}`);
    });
  }
});

describe("RESP commands", () => {
  it("are arrays of bulk strings with UTF-8 byte lengths", async () => {
    expect(await respReply({ "x-args": JSON.stringify(["SET", "k\u00e9y", "", "EX", "60"]) })).toBe(
      "*5\\r\\n$3\\r\\nSET\\r\\n$4\\r\\nk\u00e9y\\r\\n$0\\r\\n\\r\\n$2\\r\\nEX\\r\\n$2\\r\\n60\\r\\n",
    );
  });
});
