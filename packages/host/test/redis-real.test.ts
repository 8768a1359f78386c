// Higress Redis calls over a real TCP connection to redis-server (RESP framing, AUTH and
// SELECT from redis_init, network errors as status 1), from the test kit and the gateway.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startEchoUpstream,
  startGateway,
  startRedisServer,
  type EchoUpstream,
  type RedisServer,
} from "../src/index.js";
import { encodeCommand } from "../src/internal.js";
import { RedisClient } from "../src/clusters/redis-client.js";
import { writeGatewayYaml } from "./support/gateway-yaml.js";
import { call, callbacks, ctx, FIXTURE_HIGRESS, ret, resultsOf, save, saved, scripted } from "./support/script.js";

let redis: RedisServer;
let upstream: EchoUpstream;

beforeAll(async () => {
  redis = await startRedisServer({ password: "s3cret" });
  upstream = await startEchoUpstream();
});
afterAll(async () => {
  await redis?.stop();
  await upstream?.stop();
});

function direct(db: number, args: string[]): Promise<string> {
  const client = new RedisClient(
    { host: "127.0.0.1", port: redis.port },
    { username: "", password: "s3cret", database: db, timeoutMs: 2000 },
  );
  return new Promise((resolve) =>
    client.call(encodeCommand(args), (r) => {
      client.close();
      resolve(r.status === 0 ? Buffer.from(r.reply).toString() : "network error");
    }),
  );
}

describe("Redis over TCP", () => {
  it("authenticates, selects ?db=N, and returns raw RESP replies in order", async () => {
    const host = await scripted(
      {
        configure: [
          call("redis_init", "outbound|6379||redis.dns?db=2", "", "s3cret", 2000),
          call("redis_call", "outbound|6379||redis.dns", encodeCommand(["SET", "greeting", "hi"])),
          call("redis_call", "outbound|6379||redis.dns", encodeCommand(["INCR", "counter"])),
          call("redis_call", "outbound|6379||redis.dns", encodeCommand(["GET", "greeting"])),
        ],
        redis_call_response: [call("get_buffer_bytes", 9, 0, 1000)],
      },
      { flavor: "higress", redis: { "outbound|6379||redis.dns": redis.address }, traceCallbacks: true },
    );
    await host.settle();
    const replies = resultsOf(host, "get_buffer_bytes").map((r) => r.bytes?.toString());
    expect(replies).toEqual(["+OK\r\n", ":1\r\n", "$2\r\nhi\r\n"]);
    expect(
      callbacks(host)
        .filter((c) => c.name === "redis_call_response")
        .map((c) => c.args.slice(1, 3)),
    ).toEqual([
      [7, 0],
      [11, 0],
      [15, 0],
    ]);
    expect(await direct(2, ["GET", "greeting"])).toBe("$2\r\nhi\r\n");
    expect(await direct(0, ["GET", "greeting"])).toBe("$-1\r\n");
    host.close();
  });

  it("passes Redis's own error reply through as status 0, and a dead server as status 1", async () => {
    const spare = await startRedisServer();
    const host = await scripted(
      {
        configure: [call("redis_init", "r", "", "wrong-password", 500)],
        request_headers: [call("redis_call", "r", encodeCommand(["PING"]))],
        redis_call_response: [call("get_buffer_bytes", 9, 0, 1000), call("get_status")],
      },
      { flavor: "higress", redis: { r: spare.address }, traceCallbacks: true },
    );
    host.initHttp().callOnHttpRequestHeaders({ ":path": "/" });
    await host.settle();
    // redis-server without a password answers AUTH with an error; the PING still gets +PONG.
    expect(resultsOf(host, "get_buffer_bytes")[0].bytes?.toString()).toBe("+PONG\r\n");
    await spare.stop();
    host.initHttp().callOnHttpRequestHeaders({ ":path": "/" });
    await host.settle();
    const statuses = callbacks(host)
      .filter((c) => c.name === "redis_call_response")
      .map((c) => c.args[2]);
    expect(statuses).toEqual([0, 1]);
    expect(resultsOf(host, "get_status").at(-1)?.bytes?.toString()).toBe("reset");
    host.close();
  });

  it("answers status 1 when Redis does not reply within redis_init's timeout", async () => {
    const { createServer } = await import("node:net");
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as { port: number }).port;
    try {
      const host = await scripted(
        {
          configure: [call("redis_init", "mute", "", "", 200), call("redis_call", "mute", encodeCommand(["GET", "k"]))],
        },
        { flavor: "higress", redis: { mute: `127.0.0.1:${port}` }, traceCallbacks: true },
      );
      await host.settle();
      expect(
        callbacks(host)
          .filter((c) => c.name === "redis_call_response")
          .map((c) => c.args.slice(1, 4)),
      ).toEqual([[7, 1, 0]]);
      host.close();
    } finally {
      silent.close();
    }
  });

  it("reaches a real redis-server through the gateway under --flavor higress", async () => {
    const lines: string[] = [];
    const gw = await startGateway({
      envoyYaml: writeGatewayYaml({
        clusters: { upstream: upstream.address, redis: redis.address },
        plugins: [
          {
            name: "limiter",
            code: FIXTURE_HIGRESS,
            script: {
              configure: [call("redis_init", "redis", "", "s3cret", 1000)],
              request_headers: [save(0, ctx), call("redis_call", "redis", encodeCommand(["INCR", "gw-hits"])), ret(1)],
              redis_call_response: [
                call("set_effective_context", saved(0)),
                call("get_buffer_bytes", 9, 0, 100),
                call("continue_stream", 0),
              ],
            },
          },
        ],
      }),
      listen: "127.0.0.1:0",
      flavor: "higress",
      logLevel: "trace",
      output: (l) => lines.push(l),
    });
    try {
      for (let i = 0; i < 2; i++) expect((await fetch(`${gw.url}/get`)).status).toBe(200);
      expect(await direct(0, ["GET", "gw-hits"])).toBe("$1\r\n2\r\n");
      expect(lines.some((l) => l.endsWith(`@4 0 b:${Buffer.from(":2\r\n").toString("hex")}`))).toBe(true);
    } finally {
      await gw.stop();
    }
  });
});
