// proxy_http_call (Envoy context.cc httpCall, onHttpCallSuccess/Failure; cpp-host exports.cc).
import { describe, expect, it } from "vitest";
import { HeaderStatus, WasmResult } from "../src/index.js";
import { decodePairs, encodePairs, MapType } from "../src/internal.js";
import {
  badSlots,
  call,
  callbacks,
  ctx,
  REQUEST,
  results,
  resultsOf,
  ret,
  save,
  saved,
  scripted,
} from "./support/script.js";

const CALL_HEADERS = encodePairs([
  [":method", "GET"],
  [":path", "/token"],
  [":authority", "auth.local"],
  ["X-Caller", "plugin"],
]);

describe("dispatch", () => {
  it("sends the call with lower-cased headers and content-length from the body, and hands out tokens 4, 8, …", async () => {
    const host = await scripted({
      configure: [
        call("http_call", "auth", CALL_HEADERS, "payload", "", 1500),
        call("http_call", "auth", CALL_HEADERS, "", encodePairs([["x-t", "1"]]), 0),
      ],
    });
    expect(results(host).map((r) => [r.rc, r.u])).toEqual([
      [0, 4],
      [0, 8],
    ]);
    const [first, second] = host.getHttpCalls();
    expect(first).toMatchObject({ token: 4, cluster: "auth", timeoutMs: 1500 });
    expect(first.headers).toEqual([
      [":method", "GET"],
      [":path", "/token"],
      [":authority", "auth.local"],
      ["x-caller", "plugin"],
      ["content-length", "7"],
    ]);
    expect(first.body.toString()).toBe("payload");
    expect(second.timeoutMs).toBeNull();
    expect(second.trailers).toEqual([["x-t", "1"]]);
  });

  it("refuses an unknown cluster, missing pseudo-headers or a negative timeout with BadArgument", async () => {
    const host = await scripted(
      {
        configure: [
          call("http_call", "nope", CALL_HEADERS, "", "", 100),
          call(
            "http_call",
            "auth",
            encodePairs([
              [":method", "GET"],
              [":path", "/"],
            ]),
            "",
            "",
            100,
          ),
          call("http_call", "auth", CALL_HEADERS, "", "", -1),
          badSlots(),
          call("http_call", "auth", CALL_HEADERS, "", "", 100),
          call("http_call", { ptr: 0xffffff00, len: 0x1000 }, CALL_HEADERS, "", "", 100),
        ],
      },
      { clusters: ["auth"] },
    );
    expect(results(host).map((r) => r.rc)).toEqual([2, 2, 2, 6, 6]);
    expect(host.getHttpCalls()).toEqual([]);
  });
});

describe("responses", () => {
  const script = {
    request_headers: [save(0, ctx), call("http_call", "auth", CALL_HEADERS, "", "", 500), ret(1)],
    http_call_response: [
      call("get_header_map_pairs", MapType.HttpCallResponseHeaders),
      call("get_buffer_bytes", 4, 0, 1000),
      call("get_header_map_value", MapType.HttpCallResponseTrailers, "x-tr"),
      call("get_status"),
      call("set_effective_context", saved(0)),
      call("add_header_map_value", MapType.HttpRequestHeaders, "x-token", "from-callout"),
      call("continue_stream", 0),
    ],
  };

  it("calls back the root with the response, lets the plugin act on the stream, then resumes it", async () => {
    const host = await scripted(script, { traceCallbacks: true });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(REQUEST, true)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    const [pending] = host.getHttpCalls();
    pending.respond({ status: 200, headers: { "X-Token": "t" }, body: "ok-body", trailers: { "x-tr": "tv" } });
    const cb = callbacks(host).find((c) => c.name === "http_call_response")!;
    expect(cb.args).toEqual([1, 4, 2, 7, 1]);
    const r = results(host).slice(1);
    expect(decodePairs(r[0].bytes!)).toEqual([
      [":status", "200"],
      ["x-token", "t"],
    ]);
    expect(r[1].bytes?.toString()).toBe("ok-body");
    expect(r[2].bytes?.toString()).toBe("tv");
    expect(r[3]).toMatchObject({ rc: 0, u: 0 });
    expect(r.slice(4).map((x) => x.rc)).toEqual([0, 0, 0]);
    expect(http.getUpstreamRequest()?.headers).toContainEqual(["x-token", "from-callout"]);
    expect(http.getHttpStreamAction()).toBe("continue");
  });

  it("delivers a timeout as Envoy's 504 response and a connect failure as its 503", async () => {
    for (const [how, status, body] of [
      ["timeout", "504", "upstream request timeout"],
      [
        "connectFailure",
        "503",
        /^upstream connect error or disconnect\/reset before headers\. reset reason: remote connection failure/,
      ],
    ] as const) {
      const host = await scripted(script);
      const http = host.initHttp();
      http.callOnHttpRequestHeaders(REQUEST, true);
      host.getHttpCalls()[0][how]();
      const r = results(host).slice(1);
      expect(decodePairs(r[0].bytes!)[0]).toEqual([":status", status]);
      expect(r[1].bytes?.toString()).toMatch(body);
      expect(http.getUpstreamRequest()).not.toBeNull();
    }
  });

  it('delivers a reset as (0, 0, 0) with get_status (11, "reset"); the code stays after the callback', async () => {
    const host = await scripted(
      {
        configure: [
          call("http_call", "auth", CALL_HEADERS, "", "", 0),
          call("http_call", "auth", CALL_HEADERS, "", "", 0),
        ],
        http_call_response: [call("get_status"), call("get_header_map_pairs", MapType.HttpCallResponseHeaders)],
      },
      { traceCallbacks: true },
    );
    const [a, b] = host.getHttpCalls();
    a.reset();
    b.respond({ status: 204 });
    const cbs = callbacks(host).filter((c) => c.name === "http_call_response");
    expect(cbs.map((c) => c.args.slice(1))).toEqual([
      [4, 0, 0, 0],
      [8, 1, 0, 0],
    ]);
    const statuses = resultsOf(host, "get_status");
    expect(statuses[0]).toMatchObject({ rc: 0, u: 11 });
    expect(statuses[0].bytes?.toString()).toBe("reset");
    expect(statuses[1]).toMatchObject({ u: 11 });
    expect(statuses[1].bytes?.length).toBe(0);
  });

  it("has no callout response outside the callback", async () => {
    const host = await scripted({
      request_headers: [
        call("get_buffer_bytes", 4, 0, 10),
        call("get_header_map_value", MapType.HttpCallResponseHeaders, ":status"),
      ],
    });
    host.initHttp().callOnHttpRequestHeaders(REQUEST);
    expect(results(host).map((r) => r.rc)).toEqual([1, 2]);
  });

  it("keeps calls alive after their stream ends; set_effective_context on the gone stream is BadArgument", async () => {
    const host = await scripted({
      request_headers: [save(0, ctx), call("http_call", "auth", CALL_HEADERS, "", "", 0)],
      http_call_response: [call("set_effective_context", saved(0))],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    http.callOnHttpResponseHeaders({ ":status": "200" }, true);
    expect(http.isComplete).toBe(true);
    host.getHttpCalls()[0].respond({ status: 200 });
    expect(resultsOf(host, "set_effective_context")[0].rc).toBe(WasmResult.BadArgument);
  });

  it("defers an answer that arrives while the VM is running until the callback returns", async () => {
    const host = await scripted(
      {
        configure: [call("http_call", "auth", CALL_HEADERS, "", "", 0), call("log", 2, "still in on_configure")],
      },
      { httpCalls: () => ({ status: 200, body: "immediate" }), traceCallbacks: true },
    );
    const lines = host.logs.map((l) => l.message);
    const logged = lines.indexOf("still in on_configure");
    const callback = lines.findIndex((m) => m.startsWith("@cb 12 "));
    expect(logged).toBeGreaterThan(-1);
    expect(callback).toBeGreaterThan(logged);
  });

  it("answers from a handler, including asynchronously", async () => {
    const host = await scripted(
      {
        configure: [call("http_call", "auth", CALL_HEADERS, "", "", 0)],
        http_call_response: [call("get_buffer_bytes", 4, 0, 100)],
      },
      { httpCalls: async (c) => ({ status: 200, body: `for ${c.header(":path")}` }) },
    );
    await host.settle();
    expect(resultsOf(host, "get_buffer_bytes")[0].bytes?.toString()).toBe("for /token");
  });

  it("sends a local reply from the callout callback through the stream's response callbacks", async () => {
    const host = await scripted({
      request_headers: [save(0, ctx), call("http_call", "auth", CALL_HEADERS, "", "", 0), ret(1)],
      http_call_response: [
        call("set_effective_context", saved(0)),
        call("send_local_response", 500, "", "http call failed", "", -1),
      ],
      response_headers: [call("get_header_map_value", MapType.HttpResponseHeaders, ":status")],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    host.getHttpCalls()[0].respond({ status: 403 });
    expect(http.getLocalResponse()?.body.toString()).toBe("http call failed");
    expect(resultsOf(host, "get_header_map_value")[0].bytes?.toString()).toBe("500");
    expect(http.getUpstreamRequest()).toBeNull();
  });
});
