// When Redis cannot count a request: the failure policy decides (fail-open lets it through,
// fail-closed answers 503), and the log says which failure it was. Malformed replies and
// error replies never trap the VM.
import { describe, expect, it } from "vitest";
import type { TestHost } from "@gatewasm/host";
import { baseConfig, errorLogs, request, start, windowReply } from "../support/unit.ts";

function send(host: TestHost) {
  const http = host.initHttp();
  http.callOnHttpRequestHeaders(request, true);
  return { http, call: host.getRedisCalls()[0] };
}

describe("failure policy", () => {
  it("fail-open (default): a connection failure lets the request through, logged as such", async () => {
    const host = await start();
    const { http, call } = send(host);
    call.fail();
    expect(http.getUpstreamRequest()).not.toBeNull();
    http.callOnHttpResponseHeaders({ ":status": "200" }, true);
    // Nothing was counted, so no rate-limit headers are claimed.
    expect(http.getResponseHeaders()!.map(([k]) => k)).not.toContain("ratelimit");
    expect(errorLogs(host)).toContain(
      "[redis-ratelimit] [-] redis connection failed: cannot connect to redis cluster outbound|6379||redis.static; request allowed (failurePolicy fail-open)",
    );
    expect(host.getMetric("redis_ratelimit_redis_failed")).toBe(1);
  });

  it("fail-closed: the same failure answers 503", async () => {
    const host = await start({ ...baseConfig, failurePolicy: "fail-closed" });
    const { http, call } = send(host);
    call.fail();
    const reply = http.getLocalResponse()!;
    expect(reply.statusCode).toBe(503);
    expect(reply.body.toString()).toBe("rate limit unavailable\n");
    // Higress names the plugin in the details (via_wasm::<plugin>::<details>).
    expect(reply.details).toBe("via_wasm::redis-ratelimit::redis_ratelimit_unavailable");
    expect(http.getUpstreamRequest()).toBeNull();
    expect(errorLogs(host).at(-1)).toMatch(/answered 503 \(failurePolicy fail-closed\)$/);
  });

  it("fail-closed also when the cluster does not exist", async () => {
    const host = await start({ ...baseConfig, failurePolicy: "fail-closed" }, { clusters: ["other"] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    expect(http.getLocalResponse()?.statusCode).toBe(503);
  });

  it("tells a timeout from a refused connection", async () => {
    let now = 1_700_000_000_000n;
    const host = await start({ ...baseConfig, timeout: 200 }, { clock: () => now * 1_000_000n });
    const { http, call } = send(host);
    now += 250n;
    call.fail();
    expect(http.getUpstreamRequest()).not.toBeNull();
    expect(errorLogs(host).at(-1)).toMatch(
      /^\[redis-ratelimit\] \[-\] redis timeout: redis call timed out after 250 ms \(timeout 200 ms\); request allowed/,
    );
  });

  it("tells NOAUTH apart (after the SDK's one re-login and retry)", async () => {
    const host = await start({ ...baseConfig, password: "wrong" });
    const { http, call } = send(host);
    call.reply("-NOAUTH Authentication required.\r\n");
    const [retry] = host.getRedisCalls();
    retry.reply("-NOAUTH Authentication required.\r\n");
    expect(http.getUpstreamRequest()).not.toBeNull();
    expect(errorLogs(host).at(-1)).toBe(
      "[redis-ratelimit] [-] redis NOAUTH: check username and password; request allowed (failurePolicy fail-open)",
    );
  });

  it("reports a script error reply", async () => {
    const host = await start();
    const { http, call } = send(host);
    call.reply("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    expect(http.getUpstreamRequest()).not.toBeNull();
    expect(errorLogs(host).at(-1)).toContain("redis error: WRONGTYPE Operation against a key");
  });

  const malformed: [string, string][] = [
    ["an integer", ":7\r\n"],
    ["a bulk string", "$2\r\n12\r\n"],
    ["a nil", "$-1\r\n"],
    ["two elements", "*2\r\n:1\r\n:2\r\n"],
    ["strings instead of integers", "*3\r\n$1\r\n1\r\n$10\r\n1700000040\r\n$2\r\n42\r\n"],
    ["a count of 0", windowReply(0)],
    ["a window start not on a window boundary", windowReply(1, 1_700_000_041)],
    ["a reset beyond the window", windowReply(1, 1_700_000_040, 61)],
    ["a truncated array", "*3\r\n:1\r\n"],
    ["a huge length", "*999999999\r\n"],
    ["garbage", "\u0000\u00ff\r\n\r\n*-7"],
    ["nothing", ""],
  ];
  for (const [what, reply] of malformed) {
    it(`treats ${what} as a failure, without trapping`, async () => {
      const host = await start();
      const { http, call } = send(host);
      call.reply(reply);
      expect(http.getUpstreamRequest()).not.toBeNull();
      expect(host.vmFailed).toBe(false);
      expect(errorLogs(host).at(-1)).toMatch(/malformed redis reply: .*; request allowed \(failurePolicy fail-open\)$/);
    });
  }

  it("survives random replies and random header values", async () => {
    const host = await start({ ...baseConfig, limitBy: "header:x-k" });
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      const bytes = Buffer.from(Array.from({ length: rand(40) }, () => rand(256)));
      const http = host.initHttp();
      http.callOnHttpRequestHeaders({ ...request, "x-k": bytes.toString("latin1").replace(/[\r\n\0]/g, "") }, true);
      const prefix = [":1\r\n", "*3\r\n", "-ERR ", "$5\r\n", ""][rand(5)];
      host.getRedisCalls()[0].reply(Buffer.concat([Buffer.from(prefix), bytes]));
      http.completeHttp();
    }
    expect(host.vmFailed).toBe(false);
  });
});
