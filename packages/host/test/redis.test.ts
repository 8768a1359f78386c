// Higress's Redis calls (higress-group proxy-wasm-cpp-host redis_init/redis_call, Higress Envoy).
import { describe, expect, it } from "vitest";
import { TestHost, WasmResult } from "../src/index.js";
import { encodeCommand } from "../src/internal.js";
import { call, callbacks, FIXTURE_ENVOY, FIXTURE_HIGRESS, results, resultsOf, scripted } from "./support/script.js";

describe("flavors", () => {
  it("refuses a module importing proxy_redis_call under envoy, links it under higress", async () => {
    const refused = await TestHost.tryStart({ wasm: FIXTURE_HIGRESS, flavor: "envoy" });
    expect(refused.error?.message).toBe("Failed to load Wasm module due to a missing import: env.proxy_redis_init");
    const linked = await TestHost.tryStart({ wasm: FIXTURE_HIGRESS, flavor: "higress" });
    expect(linked.error).toBeUndefined();
    // A module without Redis imports loads under both.
    expect((await TestHost.tryStart({ wasm: FIXTURE_ENVOY, flavor: "higress" })).error).toBeUndefined();
  });
});

describe("redis_init and redis_call", () => {
  it("parses ?db=… from the cluster name and records the credentials and timeout", async () => {
    const host = await scripted(
      { configure: [call("redis_init", "outbound|6379||redis.dns?db=3&buffer_flush_timeout=0", "user", "pass", 800)] },
      { flavor: "higress" },
    );
    expect(results(host)[0].rc).toBe(0);
    expect(host.getRedisInits()).toEqual([
      {
        cluster: "outbound|6379||redis.dns",
        username: "user",
        password: "pass",
        database: 3,
        timeoutMs: 800,
        bufferFlushTimeoutMs: 0,
        maxBufferSizeBeforeFlush: 1024,
      },
    ]);
  });

  it("refuses an unknown cluster, and a call on a cluster that was not initialized", async () => {
    const host = await scripted(
      {
        configure: [call("redis_init", "nope", "", "", 100), call("redis_call", "redis", encodeCommand(["GET", "k"]))],
      },
      { flavor: "higress", clusters: ["redis"] },
    );
    expect(results(host).map((r) => r.rc)).toEqual([WasmResult.BadArgument, WasmResult.BadArgument]);
  });

  it("hands out tokens 7, 11, … and delivers the raw RESP reply in buffer 9", async () => {
    const host = await scripted(
      {
        configure: [
          call("redis_init", "redis", "", "", 100),
          call("redis_call", "redis", encodeCommand(["INCR", "k"])),
          call("redis_call", "redis", encodeCommand(["GET", "x"])),
        ],
        redis_call_response: [call("get_buffer_bytes", 9, 0, 100), call("get_status")],
      },
      { flavor: "higress", traceCallbacks: true },
    );
    expect(resultsOf(host, "redis_call").map((r) => [r.rc, r.u])).toEqual([
      [0, 7],
      [0, 11],
    ]);
    const [incr, get] = host.getRedisCalls();
    expect(incr.args).toEqual(["INCR", "k"]);
    incr.reply(":5\r\n");
    get.fail();
    const cbs = callbacks(host).filter((c) => c.name === "redis_call_response");
    expect(cbs.map((c) => c.args.slice(0, 4))).toEqual([
      [1, 7, 0, 4],
      [1, 11, 1, 0],
    ]);
    const bytes = resultsOf(host, "get_buffer_bytes");
    expect(bytes[0].bytes?.toString()).toBe(":5\r\n");
    const status = resultsOf(host, "get_status");
    expect(status[1]).toMatchObject({ u: 11 });
    expect(status[1].bytes?.toString()).toBe("reset");
  });

  it("answers from a handler with a value encoded as RESP", async () => {
    const host = await scripted(
      {
        configure: [
          call("redis_init", "redis", "", "", 100),
          call("redis_call", "redis", encodeCommand(["MGET", "a", "b"])),
        ],
        redis_call_response: [call("get_buffer_bytes", 9, 0, 100)],
      },
      { flavor: "higress", redis: () => ({ value: ["1", null] }) },
    );
    expect(resultsOf(host, "get_buffer_bytes")[0].bytes?.toString()).toBe("*2\r\n$1\r\n1\r\n$-1\r\n");
  });
});
