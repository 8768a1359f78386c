// Go's typed Redis commands against a real redis-server (started on a loopback port and
// stopped by pid): each command's RESP, as Higress's Go client sends it, is answered as Redis
// answers it. The plugin (test/plugins/redis-client.ts) returns the reply as its local reply.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer, type TestHostOptions } from "@gatewasm/host";
import { request, start } from "./support/plugins.ts";

const clusterName = "outbound|6379||redis.static";
const cluster = { kind: "fqdn", fqdn: "redis.static", port: 6379 };
let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedisServer();
}, 30_000);
afterAll(async () => {
  await redis?.stop();
});

/** Runs one typed command through the plugin; the reply as the plugin renders it. */
async function exec(command: string, ...args: string[]): Promise<string> {
  const options: Omit<TestHostOptions, "wasm" | "config"> = {
    flavor: "higress",
    redis: { [clusterName]: redis.address },
  };
  const host = await start("redis-client", { cluster, init: { timeout: 5000 }, command, args }, options);
  const http = host.initHttp();
  http.callOnHttpRequestHeaders(request);
  await host.settle();
  const reply = http.getLocalResponse();
  host.close();
  expect(reply, `${command} got an answer`).not.toBeNull();
  return reply!.body.toString();
}

/** An array reply's elements, sorted (sets have no order). */
function sortedItems(reply: string): string[] {
  expect(reply.startsWith("[") && reply.endsWith("]")).toBe(true);
  return reply.length === 2 ? [] : reply.slice(1, -1).split(",").sort();
}

describe("typed commands on real Redis", () => {
  it("strings and keys: mSet, mGet, persist", async () => {
    expect(await exec("mSet", "k1", "v1", "k2", "v2")).toBe("+OK");
    expect(await exec("mGet", "k1", "k2", "k3")).toBe("[$v1,$v2,nil]");
    expect(await exec("persist", "k1")).toBe(":0");
    expect(await exec("expire", "k1", "100")).toBe(":1");
    expect(await exec("persist", "k1")).toBe(":1");
  });

  it("lists: lInsertBefore, lInsertAfter, lIndex, lRem", async () => {
    expect(await exec("rPush", "l", "a")).toBe(":1");
    expect(await exec("lInsertBefore", "l", "a", "x")).toBe(":2");
    expect(await exec("lInsertAfter", "l", "a", "y")).toBe(":3");
    expect(await exec("lRange", "l", "0", "-1")).toBe("[$x,$a,$y]");
    expect(await exec("lIndex", "l", "0")).toBe("$x");
    expect(await exec("lIndex", "l", "-1")).toBe("$y");
    expect(await exec("lRem", "l", "1", "x")).toBe(":1");
    expect(await exec("lRange", "l", "0", "-1")).toBe("[$a,$y]");
  });

  it("hashes: hMSet, hExists, hLen, hMGet, hKeys, hVals, hIncrByFloat", async () => {
    expect(await exec("hMSet", "h", "f1", "v1", "f2", "v2")).toBe("+OK");
    expect(await exec("hExists", "h", "f1")).toBe(":1");
    expect(await exec("hExists", "h", "nope")).toBe(":0");
    expect(await exec("hLen", "h")).toBe(":2");
    expect(await exec("hMGet", "h", "f1", "f3")).toBe("[$v1,nil]");
    expect(sortedItems(await exec("hKeys", "h"))).toEqual(["$f1", "$f2"]);
    expect(sortedItems(await exec("hVals", "h"))).toEqual(["$v1", "$v2"]);
    expect(await exec("hIncrByFloat", "h", "n", "1.5")).toBe("$1.5");
    expect(await exec("hIncrByFloat", "h", "n", "1000000")).toBe("$1000001.5");
  });

  it("sets: sAdd, sCard, sIsMember, sMembers, sDiff/sInter/sUnion and their Store forms, sRem", async () => {
    expect(await exec("sAdd", "s1", "a", "b", "c")).toBe(":3");
    expect(await exec("sAdd", "s2", "b", "c", "d")).toBe(":3");
    expect(await exec("sCard", "s1")).toBe(":3");
    expect(await exec("sIsMember", "s1", "a")).toBe(":1");
    expect(await exec("sIsMember", "s2", "a")).toBe(":0");
    expect(sortedItems(await exec("sMembers", "s1"))).toEqual(["$a", "$b", "$c"]);
    expect(sortedItems(await exec("sDiff", "s1", "s2"))).toEqual(["$a"]);
    expect(sortedItems(await exec("sInter", "s1", "s2"))).toEqual(["$b", "$c"]);
    expect(sortedItems(await exec("sUnion", "s1", "s2"))).toEqual(["$a", "$b", "$c", "$d"]);
    expect(await exec("sDiffStore", "sd", "s1", "s2")).toBe(":1");
    expect(await exec("sInterStore", "si", "s1", "s2")).toBe(":2");
    expect(await exec("sUnionStore", "su", "s1", "s2")).toBe(":4");
    expect(await exec("sRem", "s1", "a", "zz")).toBe(":1");
    expect(await exec("sCard", "s1")).toBe(":2");
  });

  it("sorted sets: zAdd, zCard, zCount, zIncrBy, zRange, zRevRange, zRank, zRevRank, zScore, zRem", async () => {
    expect(await exec("zAdd", "z", "alice", "10", "bob", "7")).toBe(":2");
    expect(await exec("zCard", "z")).toBe(":2");
    expect(await exec("zCount", "z", "5", "8")).toBe(":1");
    expect(await exec("zCount", "z", "(7", "+inf")).toBe(":1");
    expect(await exec("zIncrBy", "z", "bob", "2.5")).toBe("$9.5");
    expect(await exec("zRange", "z", "0", "-1")).toBe("[$bob,$alice]");
    expect(await exec("zRevRange", "z", "0", "-1")).toBe("[$alice,$bob]");
    expect(await exec("zRank", "z", "bob")).toBe(":0");
    expect(await exec("zRevRank", "z", "bob")).toBe(":1");
    expect(await exec("zScore", "z", "alice")).toBe("$10");
    expect(await exec("zRem", "z", "bob")).toBe(":1");
    expect(await exec("zRange", "z", "0", "-1")).toBe("[$alice]");
  });

  it("withDataBase selects the database on the connection", async () => {
    const options: Omit<TestHostOptions, "wasm" | "config"> = {
      flavor: "higress",
      redis: { [clusterName]: redis.address },
    };
    const init = { timeout: 5000, options: [{ name: "withDataBase", value: 3 }, { name: "withDisableBuffer" }] };
    const host = await start("redis-client", { cluster, init, command: "mSet", args: ["dbkey", "in3"] }, options);
    host.initHttp().callOnHttpRequestHeaders(request);
    await host.settle();
    host.close();
    expect(await exec("mGet", "dbkey")).toBe("[nil]");
    const reader = await start("redis-client", { cluster, init, command: "mGet", args: ["dbkey"] }, options);
    const http = reader.initHttp();
    http.callOnHttpRequestHeaders(request);
    await reader.settle();
    expect(http.getLocalResponse()!.body.toString()).toBe("[$in3]");
    reader.close();
  });
});
