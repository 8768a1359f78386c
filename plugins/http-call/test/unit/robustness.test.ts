// Bad input never traps: whatever the token service or the client sends, the VM keeps
// serving (a trap would fail every request on that worker).
import { describe, expect, it } from "vitest";
import { baseConfig, request, startPlugin } from "../support/plugin-host.ts";

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function bytes(next: () => number, max: number): Uint8Array {
  return Uint8Array.from({ length: Math.floor(next() * max) }, () => Math.floor(next() * 256));
}

function text(next: () => number, max: number): string {
  return String.fromCharCode(...Array.from({ length: Math.floor(next() * max) }, () => Math.floor(next() * 0x3000)));
}

describe("robustness", () => {
  it("survives random statuses, headers and bodies from the token service", async () => {
    const next = random(42);
    for (const failurePolicy of ["fail-closed", "fail-open"]) {
      const host = await startPlugin({ ...baseConfig, failurePolicy, cacheTtl: 5 });
      for (let i = 0; i < 400; i++) {
        const http = host.initHttp();
        http.callOnHttpRequestHeaders(request);
        const headers: [string, string][] = [];
        for (let h = Math.floor(next() * 5); h > 0; h--)
          headers.push([next() < 0.5 ? "x-token" : `x-${i}`, text(next, 40)]);
        host.getHttpCalls()[0].respond({ status: Math.floor(next() * 700), headers, body: bytes(next, 300) });
        http.completeHttp();
      }
      expect(host.vmFailed).toBe(false);
      expect(host.getLogs("critical")).toEqual([]);
    }
  });

  it("survives odd requests: huge and non-ASCII headers, a client token with control bytes", async () => {
    const host = await startPlugin({ ...baseConfig, forwardHeaders: ["authorization"] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...request, authorization: "é".repeat(20_000), "x-token": "\u0001\u007f" });
    host.getHttpCalls()[0].respond({ status: 200, headers: { "x-token": "ok" } });
    expect(http.getHttpStreamAction()).toBe("continue");
    expect(host.vmFailed).toBe(false);
  });

  it("serves many requests on one VM without failing", async () => {
    const host = await startPlugin(baseConfig);
    for (let i = 0; i < 2000; i++) {
      const http = host.initHttp();
      http.callOnHttpRequestHeaders({ ...request, ":path": `/n/${i}` });
      host.getHttpCalls()[0].respond({ status: i % 3 === 0 ? 401 : 200, headers: { "x-token": `t${i}` } });
      http.completeHttp();
    }
    expect(host.vmFailed).toBe(false);
    expect(host.getMetric("http_call_calls_total")).toBe(2000);
  });
});
