// RedisClient on Higress (flavor "higress"): init parameters, every typed helper's command,
// replies, and errors that tell cluster-not-found, timeout, connection failure, NOAUTH,
// server errors and malformed replies apart.
import { describe, expect, it } from "vitest";
import { HeaderStatus, type TestHostOptions } from "@gatewasm/host";
import { request, start } from "./support/plugins.ts";

const cluster = { kind: "fqdn", fqdn: "redis.static", port: 6379 };
const higress: Omit<TestHostOptions, "wasm" | "config"> = { flavor: "higress" };

async function run(command: string, args: string[], config: Record<string, unknown> = {}, options = higress) {
  const host = await start("redis-client", { cluster, init: { timeout: 800 }, command, args, ...config }, options);
  const http = host.initHttp();
  const status = http.callOnHttpRequestHeaders(request);
  return { host, http, status, pending: host.getRedisCalls() };
}

function info(
  host: { getLogs(l: "info" | "error" | "warn"): string[] },
  level: "info" | "error" | "warn",
  prefix: string,
): string | undefined {
  return host
    .getLogs(level)
    .map((l) => l.replace(/^\[[^\]]*\] \[[^\]]*\] /, ""))
    .find((l) => l.startsWith(prefix));
}

describe("init", () => {
  it("passes user, password, timeout and database, with Higress's buffering defaults", async () => {
    const host = await start(
      "redis-client",
      { cluster, init: { username: "u", password: "p", timeout: 1500, database: 3 } },
      higress,
    );
    const [init] = host.getRedisInits();
    expect(init).toMatchObject({
      cluster: "outbound|6379||redis.static",
      username: "u",
      password: "p",
      database: 3,
      timeoutMs: 1500,
      bufferFlushTimeoutMs: 3,
      maxBufferSizeBeforeFlush: 1024,
    });
    expect(info(host, "info", "init")).toBe(
      "init ready=1 initError=none cluster=outbound|6379||redis.static?db=3&buffer_flush_timeout=3&max_buffer_size_before_flush=1024",
    );
  });

  it("an unknown cluster does not fail the configuration (as in Higress) but is logged and kept", async () => {
    const host = await start("redis-client", { cluster, init: {} }, { ...higress, clusters: ["other"] });
    expect(info(host, "info", "init")).toMatch(/^init ready=0 initError=2 /);
    expect(info(host, "warn", "failed to init redis")).toBe(
      "failed to init redis: redis cluster not found: outbound|6379||redis.static; will retry at the next call",
    );
  });

  it("a command on a cluster that does not exist returns ClusterNotFound and never calls back", async () => {
    const { host, status } = await run("get", ["k"], {}, { ...higress, clusters: ["other"] });
    expect(status).toBe(HeaderStatus.Continue);
    expect(info(host, "error", "command failed")).toBe(
      "command failed kind=2 redis cluster not found: outbound|6379||redis.static",
    );
    expect(host.allRedisCalls).toEqual([]);
  });

  it("a non-positive timeout is a configuration error", async () => {
    const { TestHost } = await import("@gatewasm/host");
    const { pluginPath } = await import("./support/plugins.ts");
    const r = await TestHost.tryStart({
      wasm: pluginPath("redis-client"),
      config: { cluster, init: { timeout: -5 } },
      ...higress,
    });
    expect(r.error!.logs.map((l) => l.message)).toContain(
      "[redis-client] [-] configuration rejected: redis timeout must be positive, got -5",
    );
  });
});

describe("typed helpers send the right command", () => {
  const cases: [string, string[], string[]][] = [
    ["get", ["k"], ["GET", "k"]],
    ["set", ["k", "v"], ["SET", "k", "v"]],
    ["setEx", ["k", "v", "60"], ["SETEX", "k", "60", "v"]],
    ["setNX", ["k", "v", "30"], ["SET", "k", "v", "NX", "EX", "30"]],
    ["setNX", ["k", "v", "0"], ["SET", "k", "v", "NX"]],
    ["incr", ["k"], ["INCR", "k"]],
    ["incrBy", ["k", "5"], ["INCRBY", "k", "5"]],
    ["decr", ["k"], ["DECR", "k"]],
    ["decrBy", ["k", "2"], ["DECRBY", "k", "2"]],
    ["expire", ["k", "60"], ["EXPIRE", "k", "60"]],
    ["del", ["k"], ["DEL", "k"]],
    ["exists", ["k"], ["EXISTS", "k"]],
    ["hGet", ["h", "f"], ["HGET", "h", "f"]],
    ["hSet", ["h", "f", "v"], ["HSET", "h", "f", "v"]],
    ["hDel", ["h", "f"], ["HDEL", "h", "f"]],
    ["hGetAll", ["h"], ["HGETALL", "h"]],
    ["hIncrBy", ["h", "f", "3"], ["HINCRBY", "h", "f", "3"]],
    ["lPush", ["l", "v"], ["LPUSH", "l", "v"]],
    ["rPush", ["l", "v"], ["RPUSH", "l", "v"]],
    ["lPop", ["l"], ["LPOP", "l"]],
    ["rPop", ["l"], ["RPOP", "l"]],
    ["lRange", ["l", "0", "-1"], ["LRANGE", "l", "0", "-1"]],
    ["lLen", ["l"], ["LLEN", "l"]],
    ["eval", ["return 1", "key", "arg"], ["EVAL", "return 1", "1", "key", "arg"]],
    // Go's other typed commands: lower-case names and argument order as wasm-go sends them.
    ["persist", ["k"], ["persist", "k"]],
    ["mGet", ["a", "b"], ["mget", "a", "b"]],
    ["mSet", ["a", "1", "b", "2"], ["mset", "a", "1", "b", "2"]],
    ["lIndex", ["l", "-1"], ["lindex", "l", "-1"]],
    ["lRem", ["l", "2", "v"], ["lrem", "l", "2", "v"]],
    ["lInsertBefore", ["l", "p", "v"], ["linsert", "l", "before", "p", "v"]],
    ["lInsertAfter", ["l", "p", "v"], ["linsert", "l", "after", "p", "v"]],
    ["hExists", ["h", "f"], ["hexists", "h", "f"]],
    ["hLen", ["h"], ["hlen", "h"]],
    ["hMGet", ["h", "f1", "f2"], ["hmget", "h", "f1", "f2"]],
    ["hMSet", ["h", "f1", "v1", "f2", "v2"], ["hmset", "h", "f1", "v1", "f2", "v2"]],
    ["hKeys", ["h"], ["hkeys", "h"]],
    ["hVals", ["h"], ["hvals", "h"]],
    ["hIncrByFloat", ["h", "f", "1.5"], ["hincrbyfloat", "h", "f", "1.5"]],
    ["hIncrByFloat", ["h", "f", "2"], ["hincrbyfloat", "h", "f", "2"]],
    ["hIncrByFloat", ["h", "f", "1000000"], ["hincrbyfloat", "h", "f", "1e+06"]],
    ["hIncrByFloat", ["h", "f", "0.00001"], ["hincrbyfloat", "h", "f", "1e-05"]],
    ["hIncrByFloat", ["h", "f", "-123456.5"], ["hincrbyfloat", "h", "f", "-123456.5"]],
    ["sAdd", ["s", "a", "b"], ["sadd", "s", "a", "b"]],
    ["sCard", ["s"], ["scard", "s"]],
    ["sDiff", ["s1", "s2"], ["sdiff", "s1", "s2"]],
    ["sDiffStore", ["d", "s1", "s2"], ["sdiffstore", "d", "s1", "s2"]],
    ["sInter", ["s1", "s2"], ["sinter", "s1", "s2"]],
    ["sInterStore", ["d", "s1", "s2"], ["sinterstore", "d", "s1", "s2"]],
    ["sIsMember", ["s", "a"], ["sismember", "s", "a"]],
    ["sMembers", ["s"], ["smembers", "s"]],
    ["sRem", ["s", "a", "b"], ["srem", "s", "a", "b"]],
    ["sUnion", ["s1", "s2"], ["sunion", "s1", "s2"]],
    ["sUnionStore", ["d", "s1", "s2"], ["sunionstore", "d", "s1", "s2"]],
    // Go's ZAdd(map[member]score) sends score before member.
    ["zAdd", ["z", "alice", "10", "bob", "7.5"], ["zadd", "z", "10", "alice", "7.5", "bob"]],
    ["zCard", ["z"], ["zcard", "z"]],
    ["zCount", ["z", "(1", "+inf"], ["zcount", "z", "(1", "+inf"]],
    ["zIncrBy", ["z", "bob", "2.5"], ["zincrby", "z", "2.5", "bob"]],
    ["zRange", ["z", "0", "-1"], ["zrange", "z", "0", "-1"]],
    ["zRank", ["z", "bob"], ["zrank", "z", "bob"]],
    ["zRem", ["z", "a", "b"], ["zrem", "z", "a", "b"]],
    ["zRevRange", ["z", "0", "1"], ["zrevrange", "z", "0", "1"]],
    ["zRevRank", ["z", "bob"], ["zrevrank", "z", "bob"]],
    ["zScore", ["z", "bob"], ["zscore", "z", "bob"]],
    ["command", ["PING"], ["PING"]],
  ];
  for (const [helper, args, sent] of cases) {
    it(`${helper}(${args.join(", ")}) sends ${sent.join(" ")}`, async () => {
      const { pending, status } = await run(helper, args);
      expect(status).toBe(HeaderStatus.StopAllIterationAndWatermark);
      expect(pending.length).toBe(1);
      expect(pending[0].cluster).toBe("outbound|6379||redis.static");
      expect(pending[0].args).toEqual(sent);
    });
  }
});

describe("pairs that are not two strings are refused, nothing is sent", () => {
  it("mSet with an odd argument count returns InvalidArgument", async () => {
    const { host, status } = await run("mSet", ["a", "1", "b"]);
    expect(status).toBe(HeaderStatus.Continue);
    expect(info(host, "error", "command failed")).toBe(
      "command failed kind=10 mset not sent: each pair must be two strings",
    );
    expect(host.allRedisCalls).toEqual([]);
  });
});

describe("Go's init options (initWithOptions)", () => {
  it("withDataBase, withBufferFlushTimeout, withMaxBufferSizeBeforeFlush shape the cluster query as Go does", async () => {
    const options = [
      { name: "withDataBase", value: 2 },
      { name: "withBufferFlushTimeout", value: 10 },
      { name: "withMaxBufferSizeBeforeFlush", value: 4096 },
    ];
    const host = await start("redis-client", { cluster, init: { timeout: 900, options } }, higress);
    expect(host.getRedisInits()[0]).toMatchObject({
      database: 2,
      bufferFlushTimeoutMs: 10,
      maxBufferSizeBeforeFlush: 4096,
      timeoutMs: 900,
    });
    expect(info(host, "info", "init")).toBe(
      "init ready=1 initError=none cluster=outbound|6379||redis.static?db=2&buffer_flush_timeout=10&max_buffer_size_before_flush=4096",
    );
  });

  it("withDisableBuffer sets both to 0; without withDataBase there is no db parameter", async () => {
    const host = await start("redis-client", { cluster, init: { options: [{ name: "withDisableBuffer" }] } }, higress);
    expect(host.getRedisInits()[0]).toMatchObject({
      database: 0,
      bufferFlushTimeoutMs: 0,
      maxBufferSizeBeforeFlush: 0,
    });
    expect(info(host, "info", "init")).toBe(
      "init ready=1 initError=none cluster=outbound|6379||redis.static?buffer_flush_timeout=0&max_buffer_size_before_flush=0",
    );
  });
});

describe("eval keeps the script's encoding for the next call", () => {
  it("sends each request's own script, whether it repeats the last one or not", async () => {
    const host = await start(
      "redis-client",
      { cluster, init: { timeout: 800 }, command: "eval", args: ["return 1", "key", "arg"] },
      higress,
    );
    const scripts = [null, null, "return 2", "return 2", null, "return 1ä"];
    for (const script of scripts)
      host.initHttp().callOnHttpRequestHeaders(script === null ? request : { ...request, "x-script": script });
    expect(host.getRedisCalls().map((c) => c.args)).toEqual(
      scripts.map((s) => ["EVAL", s ?? "return 1", "1", "key", "arg"]),
    );
  });
});

describe("replies reach the callback on the request that made the call", () => {
  it("an integer reply", async () => {
    const { host, http, pending } = await run("incr", ["k"]);
    pending[0].reply(":7\r\n");
    expect(info(host, "info", "reply")).toBe("reply :7 path=/get");
    expect(http.getLocalResponse()!.body.toString()).toBe(":7");
  });

  it("an array reply", async () => {
    const { http, pending } = await run("hGetAll", ["h"]);
    pending[0].reply({ value: ["f", "v", 1, null] });
    expect(http.getLocalResponse()!.body.toString()).toBe("[$f,$v,:1,nil]");
  });

  it("a server error reply: ServerError", async () => {
    const { host, pending } = await run("incr", ["k"]);
    pending[0].reply("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
    expect(info(host, "info", "reply")).toMatch(/^reply -WRONGTYPE .* error kind=7 /);
  });

  it("a malformed reply: MalformedReply, no trap", async () => {
    const { host, pending } = await run("get", ["k"]);
    pending[0].reply("$5\r\nab");
    expect(info(host, "info", "reply")).toBe(
      "reply failure(kind 8): malformed redis reply: bulk length beyond the reply error kind=8 path=/get",
    );
    expect(host.vmFailed).toBe(false);
  });

  it("a network failure before the timeout: ConnectionFailed", async () => {
    const { host, pending } = await run("get", ["k"]);
    pending[0].fail();
    expect(info(host, "info", "reply")).toBe(
      "reply failure(kind 5): cannot connect to redis cluster outbound|6379||redis.static error kind=5 path=/get",
    );
  });

  it("a failure after the client's timeout elapsed: Timeout", async () => {
    let now = 1_000_000_000_000_000n;
    const { host, pending } = await run("get", ["k"], {}, { ...higress, clock: () => now });
    now += 900_000_000n; // 900 ms > the 800 ms timeout
    pending[0].fail();
    expect(info(host, "info", "reply")).toBe(
      "reply failure(kind 4): redis call timed out after 900 ms (timeout 800 ms) error kind=4 path=/get",
    );
  });

  it("NOAUTH: the client logs in again and retries once, transparently", async () => {
    const { host, http, pending } = await run("get", ["k"], { init: { username: "u", password: "p", timeout: 800 } });
    pending[0].reply("-NOAUTH Authentication required.\r\n");
    expect(host.getRedisInits().length).toBe(2);
    const retry = host.getRedisCalls();
    expect(retry.length).toBe(1);
    expect(retry[0].args).toEqual(["GET", "k"]);
    retry[0].reply("$2\r\nok\r\n");
    expect(http.getLocalResponse()!.body.toString()).toBe("$ok");
  });

  it("NOAUTH twice: the callback gets a NoAuth error", async () => {
    const { host, pending } = await run("get", ["k"]);
    pending[0].reply("-NOAUTH Authentication required.\r\n");
    host.getRedisCalls()[0].reply("-NOAUTH Authentication required.\r\n");
    expect(info(host, "info", "reply")).toMatch(/^reply -NOAUTH Authentication required\. \(kind 6\) error kind=6 /);
  });

  it("a reply for a request that is gone is dropped", async () => {
    const { host, http, pending } = await run("get", ["k"]);
    http.completeHttp();
    pending[0].reply("+OK\r\n");
    expect(info(host, "info", "reply")).toBeUndefined();
    expect(host.vmFailed).toBe(false);
  });
});
