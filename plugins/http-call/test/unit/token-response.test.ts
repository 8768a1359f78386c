// The seed's flow through the test kit: the request waits for the token service, gets its
// token header, and goes on; a call that cannot be sent lets it go on with an error logged.
import { describe, expect, it } from "vitest";
import { HeaderStatus } from "@gatewasm/host";
import { TOKEN_CLUSTER, baseConfig, request, startPlugin, upstreamHeader } from "../support/plugin-host.ts";

describe("token service answers 200", () => {
  it("pauses the request, copies the token header into it and resumes", async () => {
    const host = await startPlugin(baseConfig);
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(request)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    expect(http.getHttpStreamAction()).toBe("paused");
    expect(http.getUpstreamRequest()).toBeNull();

    const [call] = host.getHttpCalls();
    expect(call.cluster).toBe(TOKEN_CLUSTER);
    call.respond({ status: 200, headers: { "X-Token": "tok-123" }, body: "{}" });

    expect(http.getHttpStreamAction()).toBe("continue");
    expect(upstreamHeader(http.getUpstreamRequest()?.headers, "x-token")).toBe("tok-123");
    expect(host.getMetric("http_call_calls_total")).toBe(1);
    expect(host.getMetric("http_call_failures_total")).toBe(0);
    expect(host.vmFailed).toBe(false);
  });

  it("replaces a token header the client sent: only the token service sets it", async () => {
    const host = await startPlugin(baseConfig);
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...request, "x-token": "forged" });
    host.getHttpCalls()[0].respond({ status: 200, headers: { "x-token": "real" } });
    const sent = http.getUpstreamRequest()!.headers.filter(([k]) => k === "x-token");
    expect(sent).toEqual([["x-token", "real"]]);
  });

  it("matches tokenHeader case-insensitively and sends it lower-case, as Envoy does", async () => {
    const host = await startPlugin({ ...baseConfig, tokenHeader: "X-Token" });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...request, "x-token": "forged" });
    host.getHttpCalls()[0].respond({ status: 200, headers: [["x-token", "tok"]] });
    expect(http.getUpstreamRequest()!.headers.filter(([k]) => k.toLowerCase() === "x-token")).toEqual([
      ["x-token", "tok"],
    ]);
  });

  it("lets the request continue without a token when the 200 has no token header (as the seed does)", async () => {
    const host = await startPlugin(baseConfig);
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...request, "x-token": "forged" });
    host.getHttpCalls()[0].respond({ status: 200, headers: { "x-other": "1" } });
    expect(http.getHttpStreamAction()).toBe("continue");
    expect(upstreamHeader(http.getUpstreamRequest()?.headers, "x-token")).toBeUndefined();
    expect(host.getLogs("warn").join("\n")).toContain("answered 200 without x-token");
    expect(host.getMetric("http_call_failures_total")).toBe(0);
  });

  it("never logs the token or the answer's body", async () => {
    const host = await startPlugin(baseConfig, { logLevel: "trace" });
    host.initHttp().callOnHttpRequestHeaders(request);
    host.getHttpCalls()[0].respond({ status: 200, headers: { "x-token": "s3cret-token" }, body: "s3cret-body" });
    const all = host.logs.map((l) => l.message).join("\n");
    expect(all).not.toContain("s3cret");
  });
});

describe("the call cannot be sent", () => {
  it("continues the request and logs the error when the cluster does not exist (the seed)", async () => {
    const host = await startPlugin(baseConfig, { clusters: ["httpbin"] });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders({ ...request, "x-token": "forged" })).toBe(HeaderStatus.Continue);
    expect(host.getHttpCalls()).toHaveLength(0);
    expect(http.getHttpStreamAction()).toBe("continue");
    expect(upstreamHeader(http.getUpstreamRequest()?.headers, "x-token")).toBeUndefined();
    const errors = host.getLogs("error").join("\n");
    expect(errors).toContain("Error occurred while calling http, it seems the service cluster cannot be found");
    expect(errors).toContain(TOKEN_CLUSTER);
    expect(host.getMetric("http_call_failures_total")).toBe(1);
    expect(host.getMetric("http_call_calls_total")).toBe(0);
  });

  it("continues under fail-closed too: the seed's rule for a call that was never made", async () => {
    const host = await startPlugin({ ...baseConfig, failurePolicy: "fail-closed" }, { clusters: [] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    expect(http.getLocalResponse()).toBeNull();
    expect(http.getHttpStreamAction()).toBe("continue");
  });
});

describe("requests that end before the answer", () => {
  it("drops the answer for a request the client abandoned, without trapping", async () => {
    const host = await startPlugin(baseConfig);
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    http.completeHttp();
    host.getHttpCalls()[0].respond({ status: 200, headers: { "x-token": "late" } });
    const next = host.initHttp();
    next.callOnHttpRequestHeaders(request);
    host.getHttpCalls()[0].respond({ status: 401 });
    expect(next.getLocalResponse()?.statusCode).toBe(500);
    expect(host.vmFailed).toBe(false);
  });

  it("answers each of many concurrent requests with its own token", async () => {
    const host = await startPlugin(baseConfig);
    const streams = Array.from({ length: 20 }, () => host.initHttp());
    for (const s of streams) s.callOnHttpRequestHeaders(request);
    const calls = host.getHttpCalls();
    expect(calls).toHaveLength(20);
    // Answered in reverse order: each token must still reach the request that asked for it.
    for (const [i, c] of [...calls].reverse().entries()) {
      c.respond({ status: 200, headers: { "x-token": `t${calls.length - 1 - i}` } });
    }
    for (const [i, s] of streams.entries()) {
      expect(upstreamHeader(s.getUpstreamRequest()?.headers, "x-token")).toBe(`t${i}`);
    }
  });
});
