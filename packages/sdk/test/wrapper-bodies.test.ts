// The wrapper's body handling with upstream traffic: buffered callbacks get the whole body once
// (the wrapper holds it until the end of the stream), streaming callbacks rewrite each chunk,
// the streaming one wins unless the request asks for buffering; binary and websocket bodies and
// dontReadRequestBody skip them. Plus tick functions with their own periods.
import { describe, expect, it } from "vitest";
import { DataStatus, HeaderStatus } from "@gatewasm/host";
import { request, start } from "./support/plugins.ts";

const post = { ...request, ":method": "POST", "content-type": "application/json" };

function infos(host: { getLogs(level: "info"): string[] }, prefix: string): string[] {
  return host
    .getLogs("info")
    .map((l) => l.replace(/^\[[^\]]*\] \[[^\]]*\] /, ""))
    .filter((l) => l.startsWith(prefix));
}

describe("buffered body callbacks", () => {
  it("get the whole request body once, after the end of the stream", async () => {
    const host = await start("wrapper-buffered");
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(post, false);
    expect(http.callOnHttpRequestBody("hel", false)).toBe(DataStatus.StopIterationAndBuffer);
    expect(http.callOnHttpRequestBody("lo ", false)).toBe(DataStatus.StopIterationAndBuffer);
    expect(http.callOnHttpRequestBody("world", true)).toBe(DataStatus.Continue);
    expect(infos(host, "request body")).toEqual(["request body hello world hasRequestBody=1"]);
    expect(http.getUpstreamRequest()!.body.toString()).toBe("HELLO WORLD");
  });

  it("get the whole response body, with request facts cached from the header phase", async () => {
    const host = await start("wrapper-buffered");
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    http.callOnHttpResponseHeaders({ ":status": "200" }, false);
    http.callOnHttpResponseBody("a", false);
    http.callOnHttpResponseBody("b", true);
    expect(infos(host, "response body")).toEqual(["response body ab host=example.com"]);
  });

  for (const [what, headers] of [
    ["an octet-stream body", { ...post, "content-type": "application/octet-stream" }],
    ["a grpc body", { ...post, "content-type": "application/grpc" }],
    ["an encoded body", { ...post, "content-encoding": "gzip" }],
    ["a websocket upgrade", { ...post, connection: "upgrade", upgrade: "websocket" }],
  ] as const) {
    it(`skip ${what}: the body passes untouched`, async () => {
      const host = await start("wrapper-buffered");
      const http = host.initHttp();
      http.callOnHttpRequestHeaders(headers, false);
      expect(http.callOnHttpRequestBody("abc", true)).toBe(DataStatus.Continue);
      expect(infos(host, "request body")).toEqual([]);
      expect(http.getUpstreamRequest()!.body.toString()).toBe("abc");
    });
  }

  it("a request without body never calls them", async () => {
    const host = await start("wrapper-buffered");
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    expect(infos(host, "request body")).toEqual([]);
    expect(http.getUpstreamRequest()!.complete).toBe(true);
  });
});

describe("streaming body callbacks", () => {
  it("rewrite each request chunk as it passes", async () => {
    const host = await start("wrapper-streaming", {});
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(post, false);
    expect(http.callOnHttpRequestBody("ab", false)).toBe(DataStatus.Continue);
    expect(http.callOnHttpRequestBody("cd", true)).toBe(DataStatus.Continue);
    expect(infos(host, "request chunk")).toEqual(["request chunk ab", "request chunk cd last"]);
    expect(infos(host, "request body")).toEqual([]);
    expect(http.getUpstreamRequest()!.body.toString()).toBe("AB|CD|end");
  });

  it("rewrite each response chunk", async () => {
    const host = await start("wrapper-streaming", {});
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    http.callOnHttpResponseHeaders({ ":status": "200" }, false);
    http.callOnHttpResponseBody("x", false);
    http.callOnHttpResponseBody("y", true);
    expect(http.getResponseBody()?.toString()).toBe("X|Y|end");
  });

  it("bufferRequestBody switches one request to the buffered callback", async () => {
    const host = await start("wrapper-streaming", {});
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...post, "x-buffer": "request" }, false);
    expect(http.callOnHttpRequestBody("ab", false)).toBe(DataStatus.StopIterationAndBuffer);
    http.callOnHttpRequestBody("cd", true);
    expect(infos(host, "request chunk")).toEqual([]);
    expect(infos(host, "request body")).toEqual(["request body abcd"]);
    expect(http.getUpstreamRequest()!.body.toString()).toBe("(abcd)");
  });

  it("bufferResponseBody switches one response to the buffered callback", async () => {
    const host = await start("wrapper-streaming", {});
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...request, "x-buffer": "response" }, true);
    http.callOnHttpResponseHeaders({ ":status": "200" }, false);
    http.callOnHttpResponseBody("x", false);
    http.callOnHttpResponseBody("y", true);
    expect(http.getResponseBody()?.toString()).toBe("[xy]");
  });

  it("dontReadRequestBody skips both body callbacks for that request", async () => {
    const host = await start("wrapper-streaming", {});
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...post, "x-skip": "1" }, false);
    http.callOnHttpRequestBody("ab", true);
    expect(infos(host, "request")).toEqual([]);
    expect(http.getUpstreamRequest()!.body.toString()).toBe("ab");
  });
});

describe("tick functions", () => {
  it("each runs on its own period (the root timer ticks at their greatest common divisor)", async () => {
    let now = 1_000_000n * 1_000_000n;
    const host = await start("wrapper-streaming", { ticks: true, fastMs: 100, slowMs: 300 }, { clock: () => now });
    expect(host.tickPeriodMs).toBe(100);
    for (let i = 0; i < 7; i++) {
      host.tick();
      now += 100_000_000n;
    }
    expect(infos(host, "fast tick").length).toBe(7);
    expect(infos(host, "slow tick").length).toBe(3);
    expect(infos(host, "option tick").length).toBe(4);
    expect(infos(host, "option tick")[0]).toBe("option tick global 1");
  });

  it("without registered periods only the option's tick runs, at its own period", async () => {
    const host = await start("wrapper-streaming", { name: "n" });
    expect(host.tickPeriodMs).toBe(200);
    host.tick();
    expect(infos(host, "option tick")).toEqual(["option tick n 1"]);
  });

  it("tick functions receive the config they were registered with", async () => {
    const host = await start("wrapper-streaming", { ticks: true });
    host.tick();
    expect(infos(host, "fast tick")).toEqual(["fast tick 1"]);
    expect(host.getLogs("info").some((l) => l.includes("] [-] fast tick 1"))).toBe(true);
  });
});

describe("header actions", () => {
  it("HeaderStopIteration from a wrapper callback pauses the request (ABI 0.2.1 converts it)", async () => {
    const host = await start("wrapper-context", { requestHeadersAction: 1 });
    expect(host.initHttp().callOnHttpRequestHeaders(post, false)).toBe(HeaderStatus.StopAllIterationAndWatermark);
  });
  it("HeaderContinueAndEndStream acts as Continue", async () => {
    const host = await start("wrapper-context", { requestHeadersAction: 2 });
    expect(host.initHttp().callOnHttpRequestHeaders(post, false)).toBe(HeaderStatus.Continue);
  });
  it("HeaderStopAllIterationAndBuffer holds the request and its body", async () => {
    const host = await start("wrapper-context", { requestHeadersAction: 3 });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(post, false)).toBe(HeaderStatus.StopAllIterationAndBuffer);
    expect(http.getHttpStreamAction()).toBe("paused");
  });
});
