// The HTTP filter state machine (Envoy filter_manager.cc + wasm context.cc): call order,
// status conversion, body buffering and replay, limits, local replies, resets.
import { describe, expect, it } from "vitest";
import { DataStatus, HeaderStatus, TrailerStatus, WasmResult } from "../src/index.js";
import { MapType } from "../src/internal.js";
import {
  call,
  callbacks,
  ctx,
  ifArg,
  REQUEST,
  results,
  resultsOf,
  ret,
  save,
  saved,
  scripted,
} from "./support/script.js";

const REQ = MapType.HttpRequestHeaders;
const RESP = MapType.HttpResponseHeaders;

describe("call order", () => {
  it("runs create, request and response callbacks, then log, done, delete (Envoy's order, not the spec's)", async () => {
    const host = await scripted({ done: [ret(0)] }, { traceCallbacks: true });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    http.callOnHttpRequestBody("req", false);
    http.callOnHttpRequestTrailers({ "x-t": "1" });
    http.callOnHttpResponseHeaders({ ":status": "200" });
    http.callOnHttpResponseBody("resp", false);
    http.callOnHttpResponseTrailers({ "x-rt": "2" });
    const names = callbacks(host).map((c) => `${c.name}:${c.args[0]}`);
    expect(names).toEqual([
      "context_create:1",
      "vm_start:1",
      "configure:1",
      "context_create:2",
      "request_headers:2",
      "request_body:2",
      "request_trailers:2",
      "response_headers:2",
      "response_body:2",
      "response_trailers:2",
      "log:2",
      "done:2",
      "delete:2",
    ]);
    // on_done returned false, which Envoy ignores for streams.
    expect(http.isComplete).toBe(true);
  });

  it("numbers stream contexts 2, 3, … with the root (1) as parent, and passes header counts and end of stream", async () => {
    const host = await scripted({}, { traceCallbacks: true });
    host.initHttp().callOnHttpRequestHeaders(REQUEST, true);
    host.initHttp().callOnHttpRequestHeaders({ ...REQUEST, extra: "1" }, false);
    const cb = callbacks(host).filter((c) => c.name === "context_create" || c.name === "request_headers");
    expect(cb.map((c) => [c.name, ...c.args.slice(0, 3)])).toEqual([
      ["context_create", 1, 0, 0],
      ["context_create", 2, 1, 0],
      ["request_headers", 2, 4, 1],
      ["context_create", 3, 1, 0],
      ["request_headers", 3, 5, 0],
    ]);
  });

  it("runs log, done and delete when the client goes away mid-stream", async () => {
    const host = await scripted({ request_headers: [ret(1)] }, { traceCallbacks: true });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    expect(http.isComplete).toBe(false);
    http.completeHttp();
    expect(
      callbacks(host)
        .slice(-3)
        .map((c) => c.name),
    ).toEqual(["log", "done", "delete"]);
    expect(http.getHttpStreamAction()).toBe("reset");
  });
});

describe("status conversion under ABI 0.2.1", () => {
  const headerCase = async (raw: number, allow = false) => {
    const host = await scripted({ request_headers: [ret(raw)] }, { allowOnHeadersStopIteration: allow });
    return host.initHttp().callOnHttpRequestHeaders(REQUEST);
  };
  it("turns StopIteration (1) into StopAllIterationAndWatermark, 2 into Continue, keeps 3 and 4, clamps the rest", async () => {
    expect(await headerCase(0)).toBe(HeaderStatus.Continue);
    expect(await headerCase(1)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    expect(await headerCase(2)).toBe(HeaderStatus.Continue);
    expect(await headerCase(3)).toBe(HeaderStatus.StopAllIterationAndBuffer);
    expect(await headerCase(4)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    expect(await headerCase(77)).toBe(HeaderStatus.StopAllIterationAndWatermark);
  });

  it("passes StopIteration through with allow_on_headers_stop_iteration: body chunks still reach the plugin", async () => {
    expect(await headerCase(1, true)).toBe(HeaderStatus.StopIteration);
    const host = await scripted(
      { request_headers: [ret(1)], request_body: [call("get_buffer_status", 0)] },
      { allowOnHeadersStopIteration: true },
    );
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    expect(http.callOnHttpRequestBody("abc", true)).toBe(DataStatus.Continue);
    expect(results(host)[0].u).toBe(3);
    // Continue from the body releases the headers too, and both go upstream.
    expect(http.getUpstreamRequest()?.body.toString()).toBe("abc");
  });

  it("clamps data statuses above 3 to StopIterationNoBuffer and trailer statuses above 1 to StopIteration", async () => {
    const host = await scripted({ request_body: [ret(9)], request_trailers: [ret(5)] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    expect(http.callOnHttpRequestBody("x", false)).toBe(DataStatus.StopIterationNoBuffer);
    const h2 = await scripted({ request_trailers: [ret(5)] });
    const s2 = h2.initHttp();
    s2.callOnHttpRequestHeaders(REQUEST);
    expect(s2.callOnHttpRequestTrailers({ t: "1" })).toBe(TrailerStatus.StopIteration);
  });
});

describe("bodies", () => {
  it("gives each callback the current chunk after Continue, and the whole body after StopIterationAndBuffer", async () => {
    const host = await scripted({ request_body: [call("get_buffer_bytes", 0, 0, 1000), ifArg(2, 0), ret(1)] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    expect(http.callOnHttpRequestBody("one-", false)).toBe(DataStatus.StopIterationAndBuffer);
    expect(http.callOnHttpRequestBody("two-", false)).toBe(DataStatus.StopIterationAndBuffer);
    expect(http.getUpstreamRequest()?.body.length ?? 0).toBe(0);
    expect(http.callOnHttpRequestBody("three", true)).toBe(DataStatus.Continue);
    expect(resultsOf(host, "get_buffer_bytes").map((r) => r.bytes?.toString())).toEqual([
      "one-",
      "one-two-",
      "one-two-three",
    ]);
    expect(http.getUpstreamRequest()?.body.toString()).toBe("one-two-three");
    expect(http.getUpstreamRequest()?.complete).toBe(true);
  });

  it("passes chunks straight through when the plugin continues each one", async () => {
    const host = await scripted({ request_body: [call("get_buffer_status", 0)] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    http.callOnHttpRequestBody("12345", false);
    http.callOnHttpRequestBody("67", true);
    expect(resultsOf(host, "get_buffer_status").map((r) => r.u)).toEqual([5, 2]);
    expect(http.getUpstreamRequest()?.body.toString()).toBe("1234567");
  });

  it("drops a chunk the plugin answers with StopIterationNoBuffer", async () => {
    const host = await scripted({ request_body: [ifArg(2, 0), ret(3)] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    expect(http.callOnHttpRequestBody("dropped", false)).toBe(DataStatus.StopIterationNoBuffer);
    expect(http.callOnHttpRequestBody("kept", true)).toBe(DataStatus.Continue);
    expect(http.getUpstreamRequest()?.body.toString()).toBe("kept");
  });

  it("lets the plugin rewrite the buffered body with set_buffer_bytes before it goes upstream", async () => {
    const host = await scripted({
      request_body: [
        ifArg(2, 0),
        ret(1),
        call("set_buffer_bytes", 0, 0, 100, "REPLACED"),
        call("set_buffer_bytes", 0, 0, 0, "<"),
        call("set_buffer_bytes", 0, 1000, 0, ">"),
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    http.callOnHttpRequestBody("original ", false);
    http.callOnHttpRequestBody("body", true);
    expect(results(host).map((r) => r.rc)).toEqual([0, 0, 0]);
    expect(http.getUpstreamRequest()?.body.toString()).toBe("<REPLACED>");
  });

  it("answers 413 when a buffered request goes over the buffer limit, and runs the plugin's response callbacks on it", async () => {
    const host = await scripted(
      { request_body: [ret(1)], response_headers: [call("get_header_map_value", RESP, ":status")] },
      { bufferLimitBytes: 10 },
    );
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    http.callOnHttpRequestBody("123456", false);
    http.callOnHttpRequestBody("789012", false);
    const reply = http.getLocalResponse();
    expect(reply).toMatchObject({ statusCode: 413, details: "request_payload_too_large" });
    expect(reply?.body.toString()).toBe("Payload Too Large");
    expect(resultsOf(host, "get_header_map_value")[0].bytes?.toString()).toBe("413");
    expect(http.isComplete).toBe(true);
  });

  it("holds the body without a limit error under watermark buffering", async () => {
    const host = await scripted({ request_body: [ifArg(2, 0), ret(2)] }, { bufferLimitBytes: 4 });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    expect(http.callOnHttpRequestBody("123456", false)).toBe(DataStatus.StopIterationAndWatermark);
    expect(http.getLocalResponse()).toBeNull();
  });

  it("answers 500 when a response buffered behind stopped headers goes over the limit", async () => {
    const host = await scripted({ response_headers: [ret(3)] }, { bufferLimitBytes: 8 });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    http.callOnHttpResponseHeaders({ ":status": "200" });
    http.callOnHttpResponseBody("0123456789", false);
    expect(http.getLocalResponse()).toMatchObject({ statusCode: 500, details: "response_payload_too_large" });
    expect(http.getResponseBody()?.toString()).toBe("Internal Server Error");
  });

  it("resets the stream when a response over the limit can no longer be replaced (headers already sent)", async () => {
    const host = await scripted({ response_body: [ret(1)] }, { bufferLimitBytes: 8 });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    http.callOnHttpResponseHeaders({ ":status": "200" });
    expect(http.getResponseHeaders()).toContainEqual([":status", "200"]);
    http.callOnHttpResponseBody("0123456", false);
    http.callOnHttpResponseBody("789", false);
    expect(http.getHttpStreamAction()).toBe("reset");
  });

  it("reads an empty body outside body callbacks, and refuses to write it", async () => {
    const host = await scripted({
      request_headers: [
        call("get_buffer_status", 0),
        call("get_buffer_bytes", 0, 0, 10),
        call("set_buffer_bytes", 0, 0, 0, "x"),
      ],
    });
    host.initHttp().callOnHttpRequestHeaders(REQUEST);
    const [status, bytes, set] = results(host);
    expect(status).toMatchObject({ rc: 0, u: 0 });
    expect(bytes.rc).toBe(0);
    expect(bytes.bytes?.length).toBe(0);
    expect(set.rc).toBe(WasmResult.BadArgument);
  });
});

describe("pausing and resuming", () => {
  it("holds body and trailers behind stopped headers and replays them to the plugin when it resumes", async () => {
    const host = await scripted({
      configure: [call("set_tick_period_milliseconds", 1000)],
      request_headers: [save(0, ctx), ret(1)],
      request_body: [call("get_buffer_bytes", 0, 0, 100)],
      request_trailers: [call("get_header_map_value", MapType.HttpRequestTrailers, "x-t")],
      tick: [call("set_effective_context", saved(0)), call("continue_stream", 0)],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    http.callOnHttpRequestBody("held-", false);
    http.callOnHttpRequestBody("body", false);
    http.callOnHttpRequestTrailers({ "x-t": "tv" });
    expect(results(host).map((r) => r.op)).toEqual(["set_tick_period_milliseconds"]);
    expect(http.getUpstreamRequest()).toBeNull();
    expect(http.getHttpStreamAction()).toBe("paused");
    host.tick();
    const r = results(host).slice(1);
    expect(r.map((x) => x.op)).toEqual([
      "set_effective_context",
      "continue_stream",
      "get_buffer_bytes",
      "get_header_map_value",
    ]);
    expect(r[2].bytes?.toString()).toBe("held-body");
    expect(r[3].bytes?.toString()).toBe("tv");
    const up = http.getUpstreamRequest()!;
    expect(up.body.toString()).toBe("held-body");
    expect(up.trailers).toEqual([["x-t", "tv"]]);
    expect(http.getHttpStreamAction()).toBe("continue");
  });

  it("ignores continue_stream on a stream that is not paused, with a warning", async () => {
    const host = await scripted({ request_headers: [call("continue_stream", 0), ret(0)] });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(REQUEST, true)).toBe(HeaderStatus.Continue);
    expect(results(host)[0].rc).toBe(0);
    expect(host.hostLogs.map((l) => l.message).join("\n")).toMatch(
      /continue_stream\(request\) was called from the request callback/,
    );
    expect(http.getUpstreamRequest()?.complete).toBe(true);
  });

  it("answers Unimplemented for continuing the upstream direction and BadArgument past it", async () => {
    const host = await scripted({
      request_headers: [
        call("continue_stream", 3),
        call("continue_stream", 4),
        call("close_stream", 9),
        call("continue_stream", 2),
      ],
    });
    host.initHttp().callOnHttpRequestHeaders(REQUEST);
    expect(results(host).map((r) => r.rc)).toEqual([12, 2, 2, 0]);
  });

  it("resets the stream after the callback on close_stream, with details wasm_close_stream", async () => {
    const host = await scripted(
      { request_headers: [call("close_stream", 0), call("add_header_map_value", REQ, "still", "running")] },
      { traceCallbacks: true },
    );
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    expect(results(host).map((r) => r.rc)).toEqual([0, 0]);
    expect(http.getHttpStreamAction()).toBe("reset");
    expect(http.responseCodeDetails).toBe("wasm_close_stream");
    expect(
      callbacks(host)
        .slice(-3)
        .map((c) => c.name),
    ).toEqual(["log", "done", "delete"]);
  });
});

describe("local replies", () => {
  it("defers the reply until the callback returns, forces Stop, and runs the plugin's own response callbacks", async () => {
    const host = await scripted(
      {
        request_headers: [
          call("send_local_response", 403, "denied by\tplugin", "go away", Buffer.from([]), -1),
          call("add_header_map_value", REQ, "after", "reply"),
          ret(0),
        ],
        response_headers: [
          call("get_header_map_value", RESP, ":status"),
          call("add_header_map_value", RESP, "x-seen", "yes"),
        ],
        response_body: [call("get_buffer_bytes", 1, 0, 100)],
      },
      { traceCallbacks: true },
    );
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(REQUEST, true)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    expect(results(host)[1].rc).toBe(0);
    expect(resultsOf(host, "get_header_map_value")[0].bytes?.toString()).toBe("403");
    expect(resultsOf(host, "get_buffer_bytes")[0].bytes?.toString()).toBe("go away");
    const reply = http.getLocalResponse()!;
    expect(reply).toMatchObject({ statusCode: 403, details: "denied_by_plugin", grpcStatus: -1 });
    expect(reply.headers).toEqual([
      [":status", "403"],
      ["content-length", "7"],
      ["content-type", "text/plain"],
      ["x-seen", "yes"],
    ]);
    expect(reply.body.toString()).toBe("go away");
    expect(http.getUpstreamRequest()).toBeNull();
    expect(
      callbacks(host)
        .slice(-5)
        .map((c) => c.name),
    ).toEqual(["response_headers", "response_body", "log", "done", "delete"]);
    expect(http.getHttpStreamAction()).toBe("local-reply");
  });

  it("adds the plugin's headers lower-cased, keeps its content-type, and sends no content-length for an empty body", async () => {
    const { encodePairs } = await import("../src/internal.js");
    const host = await scripted({
      request_headers: [
        call(
          "send_local_response",
          200,
          "",
          "{}",
          encodePairs([
            ["Content-Type", "application/json"],
            ["X-A", "1"],
          ]),
          -1,
        ),
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    expect(http.getLocalResponse()?.headers).toEqual([
      [":status", "200"],
      ["content-type", "application/json"],
      ["x-a", "1"],
      ["content-length", "2"],
    ]);
    const h2 = await scripted({ request_headers: [call("send_local_response", 204, "", "", "", -1)] });
    const s2 = h2.initHttp();
    s2.callOnHttpRequestHeaders(REQUEST);
    expect(s2.getLocalResponse()?.headers).toEqual([[":status", "204"]]);
    const h3 = await scripted({ request_headers: [call("send_local_response", 401, "", "", "", -1)] });
    const s3 = h3.initHttp();
    s3.callOnHttpRequestHeaders(REQUEST);
    // Envoy's HTTP/1 codec adds content-length: 0 to a response that ends with its headers.
    expect(s3.getLocalResponse()?.headers).toEqual([
      [":status", "401"],
      ["content-length", "0"],
    ]);
  });

  it("lets a second local reply through as Ok under envoy, but refuses it under higress (Envoy 1.27)", async () => {
    for (const [flavor, rc] of [
      ["envoy", 0],
      ["higress", 2],
    ] as const) {
      const host = await scripted(
        {
          request_headers: [
            call("send_local_response", 401, "", "a", "", -1),
            call("send_local_response", 402, "", "b", "", -1),
          ],
        },
        { flavor },
      );
      const http = host.initHttp();
      http.callOnHttpRequestHeaders(REQUEST);
      expect(results(host).map((r) => r.rc)).toEqual([0, rc]);
      expect(http.getLocalResponse()?.statusCode).toBe(401);
    }
  });

  it("sends a reply from the response phase straight to the client, bypassing the plugin", async () => {
    const host = await scripted(
      { response_headers: [ifArg(2, 0), call("send_local_response", 502, "bad_upstream", "nope", "", -1)] },
      { traceCallbacks: true },
    );
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    expect(http.callOnHttpResponseHeaders({ ":status": "200", "x-upstream": "1" })).toBe(
      HeaderStatus.StopAllIterationAndWatermark,
    );
    expect(callbacks(host).filter((c) => c.name === "response_headers")).toHaveLength(1);
    expect(http.getResponseHeaders()).toEqual([
      [":status", "502"],
      ["content-length", "4"],
      ["content-type", "text/plain"],
    ]);
    expect(http.getLocalResponse()?.details).toBe("bad_upstream");
  });

  it("can only reset the stream once response headers went to the client", async () => {
    const host = await scripted({ response_body: [call("send_local_response", 500, "late", "x", "", -1)] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    http.callOnHttpResponseHeaders({ ":status": "200" });
    http.callOnHttpResponseBody("partial", false);
    expect(http.getHttpStreamAction()).toBe("reset");
    expect(http.getResponseHeaders()).toContainEqual([":status", "200"]);
  });

  it("answers a gRPC request with a trailers-only gRPC response", async () => {
    const host = await scripted({ request_headers: [call("send_local_response", 403, "", "not allowed", "", 7)] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...REQUEST, "content-type": "application/grpc" });
    expect(http.getLocalResponse()?.headers).toEqual([
      [":status", "200"],
      ["content-type", "application/grpc"],
      ["grpc-status", "7"],
      ["grpc-message", "not allowed"],
      ["content-length", "0"],
    ]);
    expect(http.getLocalResponse()?.grpcStatus).toBe(7);
  });

  it("abandons the upstream exchange when the plugin replies after the request went upstream", async () => {
    const host = await scripted({ request_body: [call("send_local_response", 400, "", "bad body", "", -1)] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    expect(http.getUpstreamRequest()?.headers).toBeDefined();
    http.callOnHttpRequestBody("x", true);
    expect(http.upstreamReset).toBe(true);
    expect(http.getLocalResponse()?.statusCode).toBe(400);
  });
});

describe("trailers", () => {
  it("holds trailers behind a buffering body and flushes body then trailers when the plugin continues", async () => {
    const host = await scripted({ request_body: [ret(1)], request_trailers: [call("get_buffer_status", 0), ret(0)] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    http.callOnHttpRequestBody("abc", false);
    expect(http.getUpstreamRequest()?.body.length).toBe(0);
    expect(http.callOnHttpRequestTrailers({ "grpc-status": "0" })).toBe(TrailerStatus.Continue);
    const up = http.getUpstreamRequest()!;
    expect(up.body.toString()).toBe("abc");
    expect(up.trailers).toEqual([["grpc-status", "0"]]);
  });

  it("delivers response trailers and lets on_response_trailers edit them", async () => {
    const host = await scripted({
      response_trailers: [call("replace_header_map_value", MapType.HttpResponseTrailers, "x-rt", "edited")],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    http.callOnHttpResponseHeaders({ ":status": "200" });
    http.callOnHttpResponseTrailers({ "x-rt": "orig" });
    expect(http.getResponseTrailers()).toEqual([["x-rt", "edited"]]);
    expect(http.isComplete).toBe(true);
  });
});
