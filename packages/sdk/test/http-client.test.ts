// HttpClient: what each method sends (cluster, method, path, authority, headers, body, timeout),
// what its callback receives (the request's HttpContext with the effective context restored,
// the config, status, headers, body), and the failure paths.
import { describe, expect, it } from "vitest";
import { HeaderStatus } from "@gatewasm/host";
import { request, start } from "./support/plugins.ts";

const fqdn = { kind: "fqdn", fqdn: "auth.dns", port: 8080 };

async function call(callConfig: Record<string, unknown>, clusters: unknown[] = [fqdn], options = {}) {
  const host = await start("http-client", { clusters, call: callConfig }, options);
  const http = host.initHttp();
  const status = http.callOnHttpRequestHeaders({ ...request, ":path": "/orig" });
  return { host, http, status, pending: host.getHttpCalls() };
}

function logged(
  host: { getLogs(l: "info" | "error"): string[] },
  level: "info" | "error",
  prefix: string,
): string | undefined {
  return host
    .getLogs(level)
    .map((l) => l.replace(/^\[[^\]]*\] \[[^\]]*\] /, ""))
    .find((l) => l.startsWith(prefix));
}

describe("what the call sends", () => {
  const methods: [string, boolean][] = [
    ["GET", false],
    ["HEAD", false],
    ["OPTIONS", false],
    ["POST", true],
    ["PUT", true],
    ["PATCH", true],
    ["DELETE", true],
    ["CONNECT", true],
    ["TRACE", true],
  ];
  for (const [method, hasBody] of methods) {
    it(`${method.toLowerCase()}() sends ${method} to the cluster with the default 500 ms timeout`, async () => {
      const { status, pending } = await call({ method, url: "/token?x=1", headers: [["x-api", "k"]], body: "payload" });
      expect(status).toBe(HeaderStatus.StopAllIterationAndWatermark);
      expect(pending.length).toBe(1);
      const c = pending[0];
      expect(c.cluster).toBe("outbound|8080||auth.dns");
      expect(c.header(":method")).toBe(method);
      expect(c.header(":path")).toBe("/token?x=1");
      expect(c.header(":authority")).toBe("auth.dns");
      expect(c.header("x-api")).toBe("k");
      expect(c.timeoutMs).toBe(500);
      expect(c.body.toString()).toBe(hasBody ? "payload" : "");
    });
  }

  it("call() sends any method with its own timeout", async () => {
    const { pending } = await call({ method: "PURGE", url: "/cache", timeout: 1500 });
    expect(pending[0].header(":method")).toBe("PURGE");
    expect(pending[0].timeoutMs).toBe(1500);
  });

  it("a URL with a host sends that host as :authority; path and query are normalized", async () => {
    const { pending } = await call({ url: "http://other.host:9000//a/b?q=1#frag" });
    expect(pending[0].header(":authority")).toBe("other.host:9000");
    expect(pending[0].header(":path")).toBe("/a/b?q=1");
  });

  it("a relative URL gets a leading slash", async () => {
    const { pending } = await call({ url: "token" });
    expect(pending[0].header(":path")).toBe("/token");
  });

  it(":method, :path and :authority given as headers are dropped", async () => {
    const { pending } = await call({
      url: "/real",
      headers: [
        [":path", "/fake"],
        [":authority", "evil"],
        [":method", "PUT"],
      ],
    });
    expect(pending[0].header(":path")).toBe("/real");
    expect(pending[0].header(":authority")).toBe("auth.dns");
    expect(pending[0].header(":method")).toBe("GET");
  });

  it("the authority falls back to the cluster's host name (DnsCluster: its domain)", async () => {
    const { pending } = await call({ url: "/x" }, [
      { kind: "dns", serviceName: "auth", domain: "auth.example.com", port: 443 },
    ]);
    expect(pending[0].cluster).toBe("outbound|443||auth.dns");
    expect(pending[0].header(":authority")).toBe("auth.example.com");
  });

  it("RouteCluster calls the current route's upstream with the request's host", async () => {
    const host = await start("http-client", { clusters: [{ kind: "route" }], call: { url: "/side" } });
    const http = host.initHttp({ clusterName: "outbound|80||backend.dns" });
    http.callOnHttpRequestHeaders({ ...request, ":authority": "shop.example.com" });
    const [c] = host.getHttpCalls();
    expect(c.cluster).toBe("outbound|80||backend.dns");
    expect(c.header(":authority")).toBe("shop.example.com");
  });

  it("TargetCluster sends to the raw cluster name", async () => {
    const { pending } = await call({ url: "/x" }, [{ kind: "target", cluster: "raw_cluster", host: "raw.host" }]);
    expect(pending[0].cluster).toBe("raw_cluster");
    expect(pending[0].header(":authority")).toBe("raw.host");
  });
});

describe("what the callback receives", () => {
  it("the request's context, status, headers (case-insensitive get) and body; proxywasm calls act on the request", async () => {
    const { host, http, pending } = await call({ url: "/token" });
    pending[0].respond({ status: 200, headers: { "x-answer": "42", a: "b" }, body: "token-body" });
    expect(logged(host, "info", "response")).toBe(
      `response ctx=${http.contextId} path=/orig status=200 x-answer=42 headers=3 body=token-body`,
    );
    const upstream = http.getUpstreamRequest()!;
    expect(upstream.headers).toContainEqual(["x-answer", "42"]);
    expect(http.getHttpStreamAction()).toBe("continue");
  });

  it("answers arriving out of order each reach the request that made the call", async () => {
    const host = await start("http-client", { clusters: [fqdn], call: { url: "/token" } });
    const streams = [0, 1, 2, 3].map(() => {
      const http = host.initHttp();
      http.callOnHttpRequestHeaders({ ...request, ":path": "/orig" });
      return http;
    });
    const pending = host.getHttpCalls();
    expect(pending.length).toBe(4);
    for (const i of [2, 0, 3, 1]) pending[i].respond({ status: 200, headers: { "x-answer": `a${i}` } });
    const answered = host
      .getLogs("info")
      .filter((l) => l.includes("] response ctx="))
      .map((l) => /ctx=(\d+).*x-answer=(\S+)/.exec(l)!.slice(1));
    expect(answered).toEqual([2, 0, 3, 1].map((i) => [String(streams[i].contextId), `a${i}`]));
    for (const [i, http] of streams.entries())
      expect(http.getUpstreamRequest()!.headers).toContainEqual(["x-answer", `a${i}`]);
  });

  it("the headers can also be read as every value of a name, as all pairs, and by a non-ASCII name", async () => {
    const { host, pending } = await call({ url: "/token" });
    pending[0].respond({
      status: 200,
      headers: [
        ["x-multi", "a"],
        ["X-Multi", "b"],
        ["é", "accent"],
        ["x-answer", "1"],
      ] as [string, string][],
    });
    expect(logged(host, "info", "response-view")).toBe("response-view values=a,b has=1 has-none=0 pairs=5 é=accent");
  });

  it("a client sends each request's own URL, whether it repeats the last one or not", async () => {
    const host = await start("http-client", { clusters: [fqdn], call: { url: "/default" } });
    const urls = [null, null, "/a?x=1", "/a?x=1", "http://other.host/b", null];
    for (const url of urls)
      host.initHttp().callOnHttpRequestHeaders(url === null ? request : { ...request, "x-url": url });
    const sent = host.getHttpCalls().map((c) => [c.header(":path"), c.header(":authority"), c.cluster]);
    expect(sent).toEqual([
      ["/default", "auth.dns", "outbound|8080||auth.dns"],
      ["/default", "auth.dns", "outbound|8080||auth.dns"],
      ["/a?x=1", "auth.dns", "outbound|8080||auth.dns"],
      ["/a?x=1", "auth.dns", "outbound|8080||auth.dns"],
      ["/b", "other.host", "outbound|8080||auth.dns"],
      ["/default", "auth.dns", "outbound|8080||auth.dns"],
    ]);
  });

  it("a RouteCluster client follows each request's route and host", async () => {
    const host = await start("http-client", { clusters: [{ kind: "route" }], call: { url: "/side" } });
    host
      .initHttp({ clusterName: "outbound|80||one.dns" })
      .callOnHttpRequestHeaders({ ...request, ":authority": "one.example.com" });
    host
      .initHttp({ clusterName: "outbound|80||two.dns" })
      .callOnHttpRequestHeaders({ ...request, ":authority": "two.example.com" });
    expect(host.getHttpCalls().map((c) => [c.cluster, c.header(":authority")])).toEqual([
      ["outbound|80||one.dns", "one.example.com"],
      ["outbound|80||two.dns", "two.example.com"],
    ]);
  });

  it("a non-200 answer: the callback can answer the request locally", async () => {
    const { http, pending } = await call({ url: "/token" });
    pending[0].respond({ status: 403, body: "no" });
    expect(http.getLocalResponse()!.statusCode).toBe(502);
    expect(http.getLocalResponse()!.headers).toContainEqual(["x-upstream-status", "403"]);
  });

  it("Envoy's timeout arrives as a 504 answer", async () => {
    const { host, pending } = await call({ url: "/slow" });
    pending[0].timeout();
    expect(logged(host, "info", "response")).toMatch(/status=504 .*body=upstream request timeout$/);
  });

  it("a connect failure arrives as a 503 answer", async () => {
    const { host, pending } = await call({ url: "/down" });
    pending[0].connectFailure();
    expect(logged(host, "info", "response")).toMatch(/status=503 /);
  });

  it("a reset (no headers at all) reads as 502, as in Higress", async () => {
    const { host, pending } = await call({ url: "/reset" });
    pending[0].reset();
    expect(logged(host, "info", "response")).toMatch(/status=502 x-answer=null headers=0 body=$/);
  });

  it("an answer for a request that is gone is dropped (no callback, no trap)", async () => {
    const { host, http, pending } = await call({ url: "/late" });
    http.completeHttp();
    pending[0].respond({ status: 200 });
    expect(logged(host, "info", "response")).toBeUndefined();
    expect(host.vmFailed).toBe(false);
  });
});

describe("failures return an error and never call back", () => {
  it("an unknown cluster: ClusterNotFound, and the request continues", async () => {
    const { host, status } = await call({ url: "/t" }, [fqdn], { clusters: ["something-else"] });
    expect(status).toBe(HeaderStatus.Continue);
    expect(logged(host, "error", "call failed")).toBe(
      "call failed kind=2 result=2: http call failed: unknown cluster or bad request (outbound|8080||auth.dns)",
    );
    expect(host.allHttpCalls).toEqual([]);
  });

  it("an invalid URL: InvalidUrl", async () => {
    const { host, status } = await call({ url: "/has space" });
    expect(status).toBe(HeaderStatus.Continue);
    expect(logged(host, "error", "call failed")).toBe("call failed kind=0 result=0: invalid url: /has space");
  });

  it("an invalid header: InvalidHeader, nothing sent", async () => {
    const { host } = await call({ url: "/t", headers: [["x-bad", "a\r\nInjected: 1"]] });
    expect(logged(host, "error", "call failed")).toBe("call failed kind=1 result=0: invalid header not sent: x-bad");
    expect(host.allHttpCalls).toEqual([]);
  });
});

describe("calls made outside a request", () => {
  it("a call from a tick function calls back with a stand-in context (id 0) and the global config", async () => {
    const host = await start("http-client", { clusters: [fqdn], call: { url: "/refresh" }, tickCall: true });
    host.tick();
    const [c] = host.getHttpCalls();
    expect(c.header(":path")).toBe("/refresh");
    c.respond({ status: 200, body: "fresh" });
    expect(logged(host, "info", "response")).toBe("response ctx=0 path= status=200 x-answer=null headers=1 body=fresh");
  });
});
