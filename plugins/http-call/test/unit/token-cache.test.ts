// cacheTtl: one call per VM per `cacheTtl` ms instead of one per request. The host clock is
// driven by the test, so expiry is checked without waiting.
import { describe, expect, it } from "vitest";
import { HeaderStatus, type TestHost } from "@gatewasm/host";
import { baseConfig, request, startPlugin, upstreamHeader } from "../support/plugin-host.ts";

function clockAt(startMs: number) {
  const clock = { ms: startMs, now: () => BigInt(clock.ms) * 1_000_000n };
  return clock;
}

/** Sends one request; answers its call (if it makes one) with `token`. */
function send(host: TestHost, token = "t1") {
  const http = host.initHttp();
  const status = http.callOnHttpRequestHeaders({ ...request, "x-token": "forged" });
  const calls = host.getHttpCalls();
  if (calls.length > 0) calls[0].respond({ status: 200, headers: { "x-token": token } });
  return { status, token: upstreamHeader(http.getUpstreamRequest()?.headers, "x-token"), http };
}

describe("token cache", () => {
  it("reuses a token for cacheTtl ms without a call, then fetches a new one", async () => {
    const clock = clockAt(1_700_000_000_000);
    const host = await startPlugin({ ...baseConfig, cacheTtl: 30_000 }, { clock: clock.now });
    expect(send(host, "first").token).toBe("first");

    clock.ms += 29_999;
    const hit = send(host, "unused");
    expect(hit.status).toBe(HeaderStatus.Continue);
    expect(hit.token).toBe("first");
    expect(host.allHttpCalls).toHaveLength(1);

    clock.ms += 1;
    expect(send(host, "second").token).toBe("second");
    expect(host.allHttpCalls).toHaveLength(2);
    expect(host.getMetric("http_call_calls_total")).toBe(2);
    expect(host.getMetric("http_call_cache_hits_total")).toBe(1);
  });

  it("does not cache without cacheTtl (the seed: one call per request)", async () => {
    const host = await startPlugin(baseConfig);
    send(host);
    send(host);
    expect(host.allHttpCalls).toHaveLength(2);
    expect(host.getMetric("http_call_cache_hits_total")).toBe(0);
  });

  it("never caches a failure, a missing token or an invalid one", async () => {
    const host = await startPlugin({ ...baseConfig, cacheTtl: 60_000, failurePolicy: "fail-open" });
    const answers = [{ status: 503 }, { status: 200 }, { status: 200, headers: { "x-token": "bad\nvalue" } }];
    for (const answer of answers) {
      host.initHttp().callOnHttpRequestHeaders(request);
      host.getHttpCalls()[0].respond(answer);
    }
    expect(send(host, "good").token).toBe("good");
    expect(host.allHttpCalls).toHaveLength(4);
    expect(send(host).token).toBe("good");
    expect(host.allHttpCalls).toHaveLength(4);
  });

  it("keeps one cache per rule: a rule's token is never used for another rule", async () => {
    const host = await startPlugin({
      ...baseConfig,
      cacheTtl: 60_000,
      _rules_: [{ _match_domain_: ["other.example.com"], serviceName: "other.static" }],
    });
    send(host, "global-token");
    const other = host.initHttp();
    other.callOnHttpRequestHeaders({ ...request, ":authority": "other.example.com" });
    const [call] = host.getHttpCalls();
    expect(call.cluster).toBe("outbound|80||other.static");
    call.respond({ status: 200, headers: { "x-token": "other-token" } });
    expect(upstreamHeader(other.getUpstreamRequest()?.headers, "x-token")).toBe("other-token");
    expect(send(host).token).toBe("global-token");
  });

  it("is per VM: another worker's VM makes its own call", async () => {
    const first = await startPlugin({ ...baseConfig, cacheTtl: 60_000 });
    const second = await startPlugin({ ...baseConfig, cacheTtl: 60_000 }, { process: first.process });
    send(first, "a");
    expect(send(second, "b").token).toBe("b");
    expect(send(first).token).toBe("a");
  });
});
