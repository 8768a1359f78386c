// failurePolicy for every way the call can fail. fail-closed (default, the seed): the client
// gets 500 "http call failed"; fail-open: the request goes on without a token.
import { describe, expect, it } from "vitest";
import type { PendingHttpCall } from "@gatewasm/host";
import { baseConfig, request, startPlugin, upstreamHeader } from "../support/plugin-host.ts";

const failures: [string, (call: PendingHttpCall) => void, string, string][] = [
  ["401", (c) => c.respond({ status: 401, body: "no" }), "http_call_failed_status", "status: 401"],
  ["503", (c) => c.respond({ status: 503, headers: { "retry-after": "1" } }), "http_call_failed_status", "status: 503"],
  ["a timeout (Envoy's 504)", (c) => c.timeout(), "http_call_timeout", "no answer within 500 ms (timeout)"],
  [
    "a connection failure (Envoy's 503)",
    (c) => c.connectFailure(),
    "http_call_connect_failure",
    "connection to the token service failed",
  ],
  ["a reset", (c) => c.reset(), "http_call_reset", "reset before an answer"],
  [
    "a token with CR/LF",
    (c) => c.respond({ status: 200, headers: { "x-token": "a\r\nx-admin: 1" } }),
    "http_call_invalid_token",
    "CR, LF or NUL",
  ],
  [
    "a token with NUL",
    (c) => c.respond({ status: 200, headers: { "x-token": "a\u0000b" } }),
    "http_call_invalid_token",
    "CR, LF or NUL",
  ],
];

describe.each(failures)("the token service gives %s", (_name, answer, details, logged) => {
  it("fail-closed (default): 500 http call failed, the upstream never sees the request", async () => {
    const host = await startPlugin(baseConfig);
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    answer(host.getHttpCalls()[0]);
    const reply = http.getLocalResponse();
    expect(reply?.statusCode).toBe(500);
    expect(reply?.body.toString()).toBe("http call failed");
    expect(reply?.details).toBe(details);
    expect(http.getUpstreamRequest()).toBeNull();
    const errors = host.getLogs("error").join("\n");
    expect(errors).toContain("http call failed, ");
    expect(errors).toContain(logged);
    expect(host.getMetric("http_call_failures_total")).toBe(1);
    expect(host.vmFailed).toBe(false);
  });

  it("fail-open: the request continues without a token", async () => {
    const host = await startPlugin({ ...baseConfig, failurePolicy: "fail-open" });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...request, "x-token": "forged" });
    answer(host.getHttpCalls()[0]);
    expect(http.getLocalResponse()).toBeNull();
    expect(http.getHttpStreamAction()).toBe("continue");
    expect(upstreamHeader(http.getUpstreamRequest()?.headers, "x-token")).toBeUndefined();
    expect(host.getLogs("warn").join("\n")).toContain("fail-open: the request continues without x-token");
    expect(host.getMetric("http_call_failures_total")).toBe(1);
  });
});

describe("classification", () => {
  it("treats a 504 or 503 from the token service itself as a status, not as Envoy's timeout or connect failure", async () => {
    const host = await startPlugin(baseConfig);
    const a = host.initHttp();
    a.callOnHttpRequestHeaders(request);
    host.getHttpCalls()[0].respond({ status: 504, body: "gateway timeout" });
    expect(a.getLocalResponse()?.details).toBe("http_call_failed_status");
    const b = host.initHttp();
    b.callOnHttpRequestHeaders(request);
    host.getHttpCalls()[0].respond({ status: 503, body: "maintenance" });
    expect(b.getLocalResponse()?.details).toBe("http_call_failed_status");
  });

  it("passes the configured timeout to Envoy and names it in the log", async () => {
    const host = await startPlugin({ ...baseConfig, timeout: 250 });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    const [call] = host.getHttpCalls();
    expect(call.timeoutMs).toBe(250);
    call.timeout();
    expect(host.getLogs("error").join("\n")).toContain("no answer within 250 ms (timeout)");
  });
});
