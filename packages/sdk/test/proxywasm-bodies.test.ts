// proxywasm body, trailer and flow utilities through the raw-script plugin.
import { describe, expect, it } from "vitest";
import { DataStatus, HeaderStatus, TrailerStatus } from "@gatewasm/host";
import { request, result, start } from "./support/plugins.ts";

const post = { ...request, ":method": "POST" };

describe("request body utilities", () => {
  it("get, append, prepend and replace change what the upstream receives", async () => {
    const host = await start("raw-script", {
      requestBody: [
        ["getHttpRequestBody", 0, 100],
        ["getHttpRequestBody", 2, 3],
        ["prependHttpRequestBody", "<"],
        ["appendHttpRequestBody", ">"],
        ["getHttpRequestBody", 0, 100],
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(post, false);
    expect(http.callOnHttpRequestBody("hello", true)).toBe(DataStatus.Continue);
    const got = host.getLogs("info").filter((l) => l.startsWith("requestBody getHttpRequestBody -> "));
    expect(got).toEqual([
      'requestBody getHttpRequestBody -> "hello"',
      'requestBody getHttpRequestBody -> "llo"',
      'requestBody getHttpRequestBody -> "<hello>"',
    ]);
    expect(http.getUpstreamRequest()!.body.toString()).toBe("<hello>");
  });

  it("replaceHttpRequestBody replaces the chunk", async () => {
    const host = await start("raw-script", { requestBody: [["replaceHttpRequestBody", '{"masked":true}']] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(post, false);
    http.callOnHttpRequestBody('{"secret":1}', true);
    expect(result(host, "requestBody", "replaceHttpRequestBody")).toBe("0");
    expect(http.getUpstreamRequest()!.body.toString()).toBe('{"masked":true}');
  });

  it("after StopIterationAndBuffer the next call sees the whole body", async () => {
    const host = await start("raw-script", { requestBody: [["getHttpRequestBody", 0, 1000]], requestBodyAction: 1 });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(post, false);
    expect(http.callOnHttpRequestBody("ab", false)).toBe(DataStatus.StopIterationAndBuffer);
    http.callOnHttpRequestBody("cd", true);
    expect(result(host, "requestBody", "getHttpRequestBody")).toBe('"abcd"');
  });

  it("outside the body phase the body reads as empty", async () => {
    const host = await start("raw-script", { requestHeaders: [["getHttpRequestBody", 0, 10]] });
    host.initHttp().callOnHttpRequestHeaders(post, false);
    expect(result(host, "requestHeaders", "getHttpRequestBody")).toBe('""');
  });
});

describe("response body utilities", () => {
  it("get, append, prepend and replace change what the client receives", async () => {
    const host = await start("raw-script", {
      responseBody: [
        ["getHttpResponseBody", 0, 100],
        ["prependHttpResponseBody", "["],
        ["appendHttpResponseBody", "]"],
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    http.callOnHttpResponseHeaders({ ":status": "200" }, false);
    http.callOnHttpResponseBody("data", true);
    expect(result(host, "responseBody", "getHttpResponseBody")).toBe('"data"');
    expect(http.getResponseBody()?.toString()).toBe("[data]");
  });

  it("replaceHttpResponseBody", async () => {
    const host = await start("raw-script", { responseBody: [["replaceHttpResponseBody", "new"]] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    http.callOnHttpResponseHeaders({ ":status": "200" }, false);
    http.callOnHttpResponseBody("old", true);
    expect(http.getResponseBody()?.toString()).toBe("new");
  });
});

describe("response header utilities", () => {
  it("get, add, replace, remove and replace-all act on the response the client receives", async () => {
    const host = await start("raw-script", {
      responseHeaders: [
        ["getHttpResponseHeader", "server"],
        ["addHttpResponseHeader", "x-a", "1"],
        ["replaceHttpResponseHeader", "server", "gatewasm"],
        ["removeHttpResponseHeader", "x-drop"],
        ["getHttpResponseHeaders"],
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    http.callOnHttpResponseHeaders({ ":status": "200", server: "envoy", "x-drop": "1" }, true);
    expect(result(host, "responseHeaders", "getHttpResponseHeader")).toBe('"envoy"');
    const h = http.getResponseHeaders()!;
    expect(h).toContainEqual(["x-a", "1"]);
    expect(h).toContainEqual(["server", "gatewasm"]);
    expect(h.find(([k]) => k === "x-drop")).toBeUndefined();
    expect(result(host, "responseHeaders", "getHttpResponseHeaders")).toContain('["server","gatewasm"]');
  });

  it("replaceHttpResponseHeaders", async () => {
    const host = await start("raw-script", {
      responseHeaders: [
        [
          "replaceHttpResponseHeaders",
          [
            [":status", "201"],
            ["x-only", "1"],
          ],
        ],
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    http.callOnHttpResponseHeaders({ ":status": "200", a: "b" }, true);
    expect(http.getResponseHeaders()).toEqual(
      expect.arrayContaining([
        [":status", "201"],
        ["x-only", "1"],
      ]),
    );
    expect(http.getResponseHeaders()!.find(([k]) => k === "a")).toBeUndefined();
  });
});

describe("trailer utilities", () => {
  it("request trailers: get, add, replace, remove and replace-all", async () => {
    const host = await start("raw-script", {
      requestTrailers: [
        ["getHttpRequestTrailer", "grpc-status"],
        ["addHttpRequestTrailer", "x-t", "1"],
        ["replaceHttpRequestTrailer", "grpc-status", "7"],
        ["removeHttpRequestTrailer", "x-drop"],
        ["getHttpRequestTrailers"],
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(post, false);
    http.callOnHttpRequestBody("x", false);
    expect(http.callOnHttpRequestTrailers({ "grpc-status": "0", "x-drop": "y" })).toBe(TrailerStatus.Continue);
    expect(result(host, "requestTrailers", "getHttpRequestTrailer")).toBe('"0"');
    expect(result(host, "requestTrailers", "getHttpRequestTrailers")).toBe('[["grpc-status","7"],["x-t","1"]]');
    expect(http.getUpstreamRequest()!.trailers).toEqual([
      ["grpc-status", "7"],
      ["x-t", "1"],
    ]);
  });

  it("replaceHttpRequestTrailers", async () => {
    const host = await start("raw-script", { requestTrailers: [["replaceHttpRequestTrailers", [["only", "me"]]]] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(post, false);
    http.callOnHttpRequestBody("x", false);
    http.callOnHttpRequestTrailers({ a: "b" });
    expect(http.getUpstreamRequest()!.trailers).toEqual([["only", "me"]]);
  });

  it("response trailers: get, add, replace, remove and replace-all", async () => {
    const host = await start("raw-script", {
      responseTrailers: [
        ["getHttpResponseTrailer", "grpc-status"],
        ["addHttpResponseTrailer", "x-t", "1"],
        ["replaceHttpResponseTrailer", "grpc-status", "13"],
        ["removeHttpResponseTrailer", "x-drop"],
        ["getHttpResponseTrailers"],
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    http.callOnHttpResponseHeaders({ ":status": "200" }, false);
    http.callOnHttpResponseBody("x", false);
    http.callOnHttpResponseTrailers({ "grpc-status": "0", "x-drop": "1" });
    expect(result(host, "responseTrailers", "getHttpResponseTrailer")).toBe('"0"');
    expect(http.getResponseTrailers()).toEqual([
      ["grpc-status", "13"],
      ["x-t", "1"],
    ]);
  });

  it("replaceHttpResponseTrailers", async () => {
    const host = await start("raw-script", { responseTrailers: [["replaceHttpResponseTrailers", [["only", "me"]]]] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    http.callOnHttpResponseHeaders({ ":status": "200" }, false);
    http.callOnHttpResponseBody("x", false);
    http.callOnHttpResponseTrailers({ a: "b" });
    expect(http.getResponseTrailers()).toEqual([["only", "me"]]);
  });

  it("a trailer with CR/LF is refused", async () => {
    const host = await start("raw-script", { requestTrailers: [["addHttpRequestTrailer", "x-t", "a\r\nb"]] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(post, false);
    http.callOnHttpRequestBody("x", false);
    http.callOnHttpRequestTrailers({ a: "b" });
    expect(result(host, "requestTrailers", "addHttpRequestTrailer")).toBe("2");
  });
});

describe("resuming", () => {
  // While a direction is paused Envoy holds its data, so the resume comes from another callback:
  // here a tick on the root, after making the stream the effective context.
  it("resumeHttpRequest lets a paused request continue", async () => {
    const host = await start("raw-script", {
      configure: [["setTickPeriodMilliseconds", 1000]],
      requestHeadersAction: 4,
      tick: [["setEffectiveContext", 2], ["resumeHttpRequest"]],
    });
    const http = host.initHttp();
    expect(http.contextId).toBe(2);
    expect(http.callOnHttpRequestHeaders(post, false)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    expect(http.callOnHttpRequestBody("x", true)).toBe(DataStatus.StopIterationAndBuffer);
    expect(http.getHttpStreamAction()).toBe("paused");
    expect(http.getUpstreamRequest()).toBeNull();
    expect(host.tick()).toBe(true);
    expect(result(host, "tick", "setEffectiveContext")).toBe("0");
    expect(result(host, "tick", "resumeHttpRequest")).toBe("0");
    expect(http.getUpstreamRequest()!.body.toString()).toBe("x");
  });

  it("resumeHttpResponse lets a paused response continue", async () => {
    const host = await start("raw-script", {
      configure: [["setTickPeriodMilliseconds", 1000]],
      responseHeadersAction: 4,
      tick: [["setEffectiveContext", 2], ["resumeHttpResponse"]],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    expect(http.callOnHttpResponseHeaders({ ":status": "200" }, true)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    expect(http.getResponseHeaders()).toBeNull();
    host.tick();
    expect(result(host, "tick", "resumeHttpResponse")).toBe("0");
    expect(http.getResponseHeaders()).not.toBeNull();
  });

  it("setEffectiveContext on a stream that is gone answers BadArgument", async () => {
    const host = await start("raw-script", {
      configure: [["setTickPeriodMilliseconds", 1000]],
      tick: [["setEffectiveContext", 2]],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    http.completeHttp();
    host.tick();
    expect(result(host, "tick", "setEffectiveContext")).toBe("2");
  });

  it("closeHttpStream resets the stream", async () => {
    const host = await start("raw-script", { requestHeaders: [["closeHttpStream"]] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    expect(http.getHttpStreamAction()).toBe("reset");
  });

  it("header status 1 (HeaderStopIteration) acts as StopAllIterationAndWatermark, 2 as Continue", async () => {
    const one = await start("raw-script", { requestHeadersAction: 1 });
    expect(one.initHttp().callOnHttpRequestHeaders(request)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    const two = await start("raw-script", { requestHeadersAction: 2 });
    expect(two.initHttp().callOnHttpRequestHeaders(request)).toBe(HeaderStatus.Continue);
  });
});

describe("callback order", () => {
  it("create, headers, body, trailers, response …, log, done, delete — with the callback arguments", async () => {
    const host = await start("raw-script", {});
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(post, false);
    http.callOnHttpRequestBody("12345", false);
    http.callOnHttpRequestTrailers({ t: "1" });
    http.callOnHttpResponseHeaders({ ":status": "200", a: "b" }, false);
    http.callOnHttpResponseBody("xy", true);
    const id = http.contextId;
    const phases = host
      .getLogs("info")
      .filter((l) => !l.includes(" -> ") && !l.startsWith("configure") && !l.startsWith("onVmStart"));
    expect(phases).toEqual([
      "requestHeaders n=4 eos=0",
      "requestBody size=5 eos=0",
      "requestTrailers n=1",
      "responseHeaders n=2 eos=0",
      "responseBody size=2 eos=1",
      `log id=${id}`,
      `done id=${id}`,
      `delete id=${id}`,
    ]);
  });
});
