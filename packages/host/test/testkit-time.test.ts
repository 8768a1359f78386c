// TestHost's clock: http_call timeouts fire when the test advances time past them, and answers
// from a synchronous httpCalls handler arrive after the plugin's callback has returned.
import { describe, expect, it } from "vitest";
import { HeaderStatus } from "../src/index.js";
import { decodePairs, encodePairs } from "../src/internal.js";
import { call, callbacks, ctx, REQUEST, results, ret, save, saved, scripted } from "./support/script.js";

const CALL_HEADERS = encodePairs([
  [":method", "GET"],
  [":path", "/token"],
  [":authority", "auth.local"],
]);

/** Pauses the request on an http_call with `timeoutMs`; the answer resumes it. */
const pauseOnCall = (timeoutMs: number) => ({
  request_headers: [save(0, ctx), call("http_call", "auth", CALL_HEADERS, "", "", timeoutMs), ret(1)],
  http_call_response: [
    call("get_header_map_pairs", 6),
    call("get_buffer_bytes", 4, 0, 1000),
    call("set_effective_context", saved(0)),
    call("continue_stream", 0),
  ],
});

describe("TestHost.advanceTime and http_call timeouts", () => {
  it("fires a call's timeout at its timeout, not before, as Envoy's 504, and the plugin's resume works", async () => {
    const host = await scripted(pauseOnCall(500), { traceCallbacks: true });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(REQUEST, true)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    host.advanceTime(499);
    expect(callbacks(host).filter((c) => c.name === "http_call_response")).toEqual([]);
    expect(host.getHttpCalls()).toHaveLength(1);
    expect(http.getUpstreamRequest()).toBeNull();

    host.advanceTime(1);
    expect(host.elapsedMs).toBe(500);
    expect(host.getHttpCalls()).toEqual([]);
    const [headers, body] = results(host).slice(1);
    expect(decodePairs(headers.bytes!)[0]).toEqual([":status", "504"]);
    expect(body.bytes?.toString()).toBe("upstream request timeout");
    expect(http.getHttpStreamAction()).toBe("continue");
    expect(http.getUpstreamRequest()).not.toBeNull();
  });

  it("fires several timeouts in deadline order within one advance", async () => {
    const host = await scripted(
      {
        configure: [
          call("http_call", "auth", CALL_HEADERS, "", "", 300),
          call("http_call", "auth", CALL_HEADERS, "", "", 100),
          call("http_call", "auth", CALL_HEADERS, "", "", 200),
        ],
      },
      { traceCallbacks: true },
    );
    host.advanceTime(1000);
    const tokens = callbacks(host)
      .filter((c) => c.name === "http_call_response")
      .map((c) => c.args[1]);
    expect(tokens).toEqual([8, 12, 4]);
  });

  it("never times out a call made with timeout 0, nor one already answered", async () => {
    const host = await scripted(
      {
        configure: [
          call("http_call", "auth", CALL_HEADERS, "", "", 0),
          call("http_call", "auth", CALL_HEADERS, "", "", 50),
        ],
      },
      { traceCallbacks: true },
    );
    host.getHttpCalls()[1].respond({ status: 200 });
    host.advanceTime(3_600_000);
    const cbs = callbacks(host).filter((c) => c.name === "http_call_response");
    expect(cbs.map((c) => c.args[1])).toEqual([8]);
    expect(host.getHttpCalls().map((c) => c.token)).toEqual([4]);
  });

  it("fires tick timers once per period passed, interleaved with timeouts in time order", async () => {
    const host = await scripted({
      configure: [call("set_tick_period_milliseconds", 100), call("http_call", "auth", CALL_HEADERS, "", "", 250)],
      tick: [call("log", 2, "tick")],
      http_call_response: [call("log", 2, "timeout")],
    });
    host.advanceTime(99);
    expect(host.getLogs("info").filter((m) => m === "tick" || m === "timeout")).toEqual([]);
    host.advanceTime(301);
    expect(host.getLogs("info").filter((m) => m === "tick" || m === "timeout")).toEqual([
      "tick",
      "tick",
      "timeout",
      "tick",
      "tick",
    ]);
  });

  it("refuses a negative or non-finite advance", async () => {
    const host = await scripted({});
    expect(() => host.advanceTime(-1)).toThrow(/advanceTime\(-1\)/);
    expect(() => host.advanceTime(Number.NaN)).toThrow(RangeError);
  });
});

describe("a synchronous httpCalls handler", () => {
  it("answers after the callback that made the call returned, so the plugin's pause and resume both hold", async () => {
    const host = await scripted(pauseOnCall(0), {
      httpCalls: () => ({ status: 200, body: "token" }),
      traceCallbacks: true,
    });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(REQUEST, true)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    const [, body] = results(host).slice(1);
    expect(body.bytes?.toString()).toBe("token");
    expect(http.getHttpStreamAction()).toBe("continue");
    expect(http.getUpstreamRequest()).not.toBeNull();
  });
});
