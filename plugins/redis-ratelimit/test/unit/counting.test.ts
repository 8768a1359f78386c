// The seed's behaviour with scripted Redis replies: one EVAL per request, the count decides,
// 429 `Too many requests` over qpm, and the headers on both kinds of responses.
import { describe, expect, it } from "vitest";
import { HeaderStatus } from "@gatewasm/host";
import {
  WINDOW_START,
  baseConfig,
  commandOf,
  headerMap,
  request,
  requestWithReply,
  shippedScript,
  start,
  windowReply,
} from "../support/unit.ts";

const script = shippedScript();

describe("counting", () => {
  it("holds the request and sends one EVAL of the window script with the key and window length", async () => {
    const host = await start();
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(request, true)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    const calls = host.getRedisCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0].cluster).toBe("outbound|6379||redis.static");
    expect(commandOf(calls[0])).toEqual(["EVAL", script, "1", "gatewasm-ratelimit:default:global", "60"]);
    expect(http.getUpstreamRequest()).toBeNull();
  });

  it("the script sets the expiry in the same execution as the count, from Redis's clock", () => {
    expect(script).toContain("c('TIME')");
    expect(script).toContain("c('EXPIREAT',k,s+w)");
  });

  it("lets a request within qpm through and adds every header to the upstream's response", async () => {
    const host = await start();
    const http = requestWithReply(host, windowReply(2, WINDOW_START, 42));
    expect(http.getUpstreamRequest()).not.toBeNull();
    http.callOnHttpResponseHeaders({ ":status": "200", "x-ratelimit-limit": "999" }, true);
    expect(headerMap(http.getResponseHeaders())).toMatchObject({
      timestamp: String(WINDOW_START),
      calltimeleft: "3",
      "ratelimit-policy": '"default";q=5;w=60',
      ratelimit: '"default";r=3;t=42',
      "x-ratelimit-limit": "5",
      "x-ratelimit-remaining": "3",
      "x-ratelimit-reset": "42",
    });
    // One value per header, even where the upstream sent its own.
    expect(http.getResponseHeaders()!.filter(([k]) => k === "x-ratelimit-limit")).toHaveLength(1);
    expect(host.getMetric("redis_ratelimit_allowed")).toBe(1);
  });

  it("the qpm-th request still passes with callTimeLeft 0", async () => {
    const host = await start();
    const http = requestWithReply(host, windowReply(5));
    expect(http.getUpstreamRequest()).not.toBeNull();
    http.callOnHttpResponseHeaders({ ":status": "200" }, true);
    expect(headerMap(http.getResponseHeaders()).calltimeleft).toBe("0");
  });

  it("answers 429 Too many requests over qpm, with timeStamp, callTimeLeft 0 and the standard headers", async () => {
    const host = await start();
    const http = requestWithReply(host, windowReply(6, WINDOW_START, 17));
    const reply = http.getLocalResponse()!;
    expect(reply.statusCode).toBe(429);
    expect(reply.body.toString()).toBe("Too many requests\n");
    // Higress names the plugin in the details (via_wasm::<plugin>::<details>).
    expect(reply.details).toBe("via_wasm::redis-ratelimit::redis_ratelimit_rejected");
    const headers = headerMap(reply.headers);
    expect(headers).toMatchObject({
      timestamp: String(WINDOW_START),
      calltimeleft: "0",
      ratelimit: '"default";r=0;t=17',
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": "17",
      "retry-after": "17",
    });
    expect(reply.headers.filter(([k]) => k === "calltimeleft")).toHaveLength(1);
    expect(http.getUpstreamRequest()).toBeNull();
    expect(host.getMetric("redis_ratelimit_rejected")).toBe(1);
  });

  it("each header set can be switched off", async () => {
    const host = await start({ ...baseConfig, seedHeaders: false, rateLimitHeaders: false, xRateLimitHeaders: false });
    const http = requestWithReply(host, windowReply(6));
    const names = http.getLocalResponse()!.headers.map(([k]) => k);
    expect(names).not.toContain("timestamp");
    expect(names).not.toContain("ratelimit");
    expect(names).not.toContain("x-ratelimit-limit");
    expect(names).toContain("retry-after");
    const only = await start({ ...baseConfig, seedHeaders: false, xRateLimitHeaders: false });
    const passing = requestWithReply(only, windowReply(1));
    passing.callOnHttpResponseHeaders({ ":status": "200" }, true);
    const got = headerMap(passing.getResponseHeaders());
    expect(got.ratelimit).toBe('"default";r=4;t=42');
    expect(got.calltimeleft).toBeUndefined();
    expect(got["x-ratelimit-remaining"]).toBeUndefined();
  });

  it("windowSeconds changes the window length sent to Redis and the policy header", async () => {
    const host = await start({ ...baseConfig, windowSeconds: 10, ruleName: "burst", keyPrefix: "shop" });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    const [call] = host.getRedisCalls();
    expect(commandOf(call).slice(3)).toEqual(["shop:burst:global", "10"]);
    call.reply(windowReply(1, 1_700_000_050, 3));
    http.callOnHttpResponseHeaders({ ":status": "200" }, true);
    expect(headerMap(http.getResponseHeaders())["ratelimit-policy"]).toBe('"burst";q=5;w=10');
  });

  it("serves many requests on one VM without failing", async () => {
    const host = await start();
    for (let i = 1; i <= 500; i++) {
      const http = requestWithReply(host, windowReply(i));
      if (i > 5) expect(http.getLocalResponse()?.statusCode).toBe(429);
      else http.callOnHttpResponseHeaders({ ":status": "200" }, true);
      http.completeHttp();
    }
    expect(host.vmFailed).toBe(false);
    expect(host.getMetric("redis_ratelimit_rejected")).toBe(495);
  });
});
