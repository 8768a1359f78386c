// The gateway with plugins: filters on real traffic, faults and reloads, workers, start-up
// failures, routes and limits.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEchoUpstream, startGateway, type EchoUpstream, type RunningGateway } from "../src/index.js";
import { encodePairs } from "../src/internal.js";
import { writeGatewayYaml, type GatewayYaml } from "./support/gateway-yaml.js";
import { call, ctx, FIXTURE_HIGRESS, ret, retIfRc, save, saved, trap } from "./support/script.js";

let upstream: EchoUpstream;
const running: RunningGateway[] = [];

beforeAll(async () => {
  upstream = await startEchoUpstream();
});
afterAll(async () => {
  for (const g of running) await g.stop();
  await upstream.stop();
});

async function gateway(
  spec: Omit<GatewayYaml, "clusters"> & { clusters?: Record<string, string> },
  extra: { concurrency?: number; flavor?: "envoy" | "higress"; lines?: string[] } = {},
) {
  const lines = extra.lines ?? [];
  const g = await startGateway({
    envoyYaml: writeGatewayYaml({ ...spec, clusters: { upstream: upstream.address, ...spec.clusters } }),
    listen: "127.0.0.1:0",
    concurrency: extra.concurrency,
    flavor: extra.flavor,
    logLevel: "trace",
    output: (l) => lines.push(l),
  });
  running.push(g);
  return { g, lines };
}

/** One request on a fresh connection (so round-robin workers are exercised). */
function fresh(
  url: string,
  path = "/get",
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { agent: false, headers: { connection: "close" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("plugins on real traffic", () => {
  it("adds a request header the upstream sees, and answers locally without reaching the upstream", async () => {
    const { g } = await gateway({
      plugins: [{ name: "demo", script: { request_headers: [call("add_header_map_value", 0, "hello", "world")] } }],
    });
    const res = await fetch(`${g.url}/get`);
    const body = (await res.json()) as { headers: Record<string, string> };
    expect(body.headers.Hello).toBe("world");
    const { g: mock } = await gateway({
      plugins: [
        {
          name: "mock",
          script: {
            request_headers: [call("send_local_response", 200, "", "hello world", encodePairs([["x-mock", "1"]]), -1)],
          },
        },
      ],
    });
    const before = upstream.requests.length;
    const local = await fetch(`${mock.url}/get`);
    expect(local.status).toBe(200);
    expect(await local.text()).toBe("hello world");
    expect(local.headers.get("x-mock")).toBe("1");
    expect(local.headers.get("content-type")).toBe("text/plain");
    expect(upstream.requests.length).toBe(before);
  });

  it("resumes a request after an http_call to a real cluster, with the call's answer", async () => {
    const { g } = await gateway({
      plugins: [
        {
          name: "callout",
          script: {
            request_headers: [
              save(0, ctx),
              call(
                "http_call",
                "upstream",
                encodePairs([
                  [":method", "GET"],
                  [":path", "/anything/token"],
                  [":authority", "auth"],
                ]),
                "",
                "",
                2000,
              ),
              ret(1),
            ],
            http_call_response: [
              call("set_effective_context", saved(0)),
              call("add_header_map_value", 0, "x-callout-status", "done"),
              call("continue_stream", 0),
            ],
          },
        },
      ],
    });
    const res = await fetch(`${g.url}/get`);
    const body = (await res.json()) as { headers: Record<string, string> };
    expect(body.headers["X-Callout-Status"]).toBe("done");
    const callout = upstream.requests.find((r) => r.path === "/anything/token")!;
    expect(callout.headers["X-Envoy-Internal"]).toBe("true");
    expect(callout.headers.Host).toBe("auth");
  });

  it("answers the plugin's http_call with 504 on timeout and 503 on a refused connection", async () => {
    const { freeLoopbackPort } = await import("../src/index.js");
    const closed = await freeLoopbackPort();
    const timeoutGw = await gateway({
      plugins: [
        {
          name: "t",
          script: {
            request_headers: [
              save(0, ctx),
              call(
                "http_call",
                "upstream",
                encodePairs([
                  [":method", "GET"],
                  [":path", "/delay/3"],
                  [":authority", "slow"],
                ]),
                "",
                "",
                200,
              ),
              ret(1),
            ],
            http_call_response: [
              call("set_effective_context", saved(0)),
              call("get_header_map_value", 6, ":status"),
              call("send_local_response", 299, "", "answered", "", -1),
            ],
          },
        },
      ],
    });
    const t = await fetch(`${timeoutGw.g.url}/get`);
    expect(await t.text()).toBe("answered");
    // 504, not the upstream's 200 after its 3 s delay: the 200 ms timeout answered the call.
    expect(timeoutGw.lines.some((l) => /@9 0 b:353034/.test(l))).toBe(true); // ":status" = "504" in hex
    const refusedGw = await gateway({
      clusters: { dead: `127.0.0.1:${closed}` },
      plugins: [
        {
          name: "r",
          script: {
            request_headers: [
              save(0, ctx),
              call(
                "http_call",
                "dead",
                encodePairs([
                  [":method", "GET"],
                  [":path", "/"],
                  [":authority", "dead"],
                ]),
                "",
                "",
                0,
              ),
              ret(1),
            ],
            http_call_response: [
              call("set_effective_context", saved(0)),
              call("get_header_map_value", 6, ":status"),
              call("send_local_response", 299, "", "answered", "", -1),
            ],
          },
        },
      ],
    });
    expect(await (await fetch(`${refusedGw.g.url}/get`)).text()).toBe("answered");
    expect(refusedGw.lines.some((l) => /@9 0 b:353033/.test(l))).toBe(true); // "503"
  });
});

describe("faults and reloads", () => {
  const trapping = { request_headers: [trap()] };

  it("keeps serving a plugin that traps on every request: 503s, then a rebuilt VM after the backoff", async () => {
    // A 5 s backoff from the last load (Envoy's default is 1 s): the first two requests come well
    // within it even on a loaded machine; the wait below is what the backoff needs, a lower bound.
    const { g, lines } = await gateway({ plugins: [{ name: "trapper", script: trapping, reloadBaseInterval: "5s" }] });
    const first = await fetch(`${g.url}/get`);
    expect(first.status).toBe(503);
    expect(await first.text()).toBe("");
    const second = await fetch(`${g.url}/get`);
    expect(second.status).toBe(503);
    expect(lines.filter((l) => l.includes("failed VM rebuilt"))).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 5100));
    const third = await fetch(`${g.url}/get`);
    expect(third.status).toBe(503);
    expect(lines.filter((l) => l.includes("failed VM rebuilt"))).toHaveLength(1);
    expect(lines.filter((l) => l.includes("Function: proxy_on_request_headers failed")).length).toBe(2);
  });

  it("sends requests to the upstream under fail_open", async () => {
    const { g } = await gateway({ plugins: [{ name: "trapper", script: trapping, failOpen: true }] });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${g.url}/get`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { url: string }).url).toMatch(/\/get$/);
    }
  });

  it("stays failed under FAIL_CLOSED", async () => {
    const { g, lines } = await gateway({
      plugins: [{ name: "trapper", script: trapping, failurePolicy: "FAIL_CLOSED", reloadBaseInterval: "0.01s" }],
    });
    expect((await fetch(`${g.url}/get`)).status).toBe(503);
    await new Promise((r) => setTimeout(r, 50));
    expect((await fetch(`${g.url}/get`)).status).toBe(503);
    expect(lines.some((l) => l.includes("failed VM rebuilt"))).toBe(false);
  });
});

describe("workers and start-up", () => {
  it("runs _initialize, vm_start and configure on a canary and on every worker, and spreads connections", async () => {
    const { g, lines } = await gateway(
      {
        plugins: [
          {
            name: "w",
            script: { configure: [call("log", 2, "configured")], request_headers: [call("log", 2, "request")] },
          },
        ],
      },
      { concurrency: 2 },
    );
    expect(
      lines.filter((l) => l.endsWith("wasm log w: configured")).map((l) => /\]\[(main|w\d)\]\[/.exec(l)?.[1]),
    ).toEqual(["main", "w0", "w1"]);
    await fresh(g.url);
    await fresh(g.url);
    const workers = lines.filter((l) => l.endsWith("wasm log w: request")).map((l) => /\]\[(w\d)\]\[/.exec(l)?.[1]);
    expect(new Set(workers)).toEqual(new Set(["w0", "w1"]));
  });

  it("skips the filter on a worker whose VM does not configure (the canary and other workers did)", async () => {
    // set_shared_data with cas 1 succeeds twice (missing key, then the matching cas), then mismatches.
    const { g, lines } = await gateway(
      {
        plugins: [
          {
            name: "flaky",
            script: {
              configure: [call("set_shared_data", "configured", "x", 1), retIfRc(8, 0)],
              request_headers: [call("add_header_map_value", 0, "x-flaky", "ran")],
            },
          },
        ],
      },
      { concurrency: 2 },
    );
    expect(lines.some((l) => l.includes("[w1][error][wasm]") && l.includes("the filter is skipped here"))).toBe(true);
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) seen.push(JSON.parse((await fresh(g.url)).body).headers["X-Flaky"] ?? "skipped");
    expect(new Set(seen)).toEqual(new Set(["ran", "skipped"]));
  });

  it("does not start when on_configure rejects the configuration, printing the plugin's line", async () => {
    const lines: string[] = [];
    await expect(
      startGateway({
        envoyYaml: writeGatewayYaml({
          plugins: [{ name: "strict", script: { configure: [call("log", 4, "missing field 'qpm'"), ret(0)] } }],
          clusters: { upstream: upstream.address },
        }),
        listen: "127.0.0.1:0",
        output: (l) => lines.push(l),
      }),
    ).rejects.toThrow(/error initializing configuration '.*envoy.yaml': Unable to create Wasm HTTP filter strict$/);
    expect(lines.some((l) => l.includes("[main][error][wasm] wasm log strict: missing field 'qpm'"))).toBe(true);
  });

  it("refuses a module with Redis imports under --flavor envoy, in Envoy's words", async () => {
    await expect(
      startGateway({
        envoyYaml: writeGatewayYaml({
          plugins: [{ name: "r", script: {}, code: FIXTURE_HIGRESS }],
          clusters: { upstream: upstream.address },
        }),
        listen: "127.0.0.1:0",
        output: () => undefined,
      }),
    ).rejects.toThrow("Failed to load Wasm module due to a missing import: env.proxy_redis_init");
  });
});

describe("flow control", () => {
  it("holds a body larger than the buffer limit behind paused headers (watermark, no 413) and sends it all on resume", async () => {
    const { g } = await gateway({
      plugins: [
        {
          name: "pause",
          script: {
            request_headers: [
              save(0, ctx),
              call(
                "http_call",
                "upstream",
                encodePairs([
                  [":method", "GET"],
                  [":path", "/delay/0.3"],
                  [":authority", "slow"],
                ]),
                "",
                "",
                5000,
              ),
              ret(1),
            ],
            http_call_response: [call("set_effective_context", saved(0)), call("continue_stream", 0)],
          },
        },
      ],
    });
    const body = Buffer.alloc(3 * 1024 * 1024, 0x61);
    const res = await fetch(`${g.url}/anything`, { method: "POST", body });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: string }).data.length).toBe(body.length);
  });
});

describe("routes and limits", () => {
  it("answers 404 without a route, serves a direct response, and 413 past the buffer limit", async () => {
    const { g } = await gateway({
      bufferLimitBytes: 1024,
      plugins: [{ name: "buffering", script: { request_body: [ret(1)] } }],
      routes: [
        {
          name: "direct",
          match: { path: "/direct" },
          direct_response: { status: 418, body: { inline_string: "teapot" } },
        },
        { name: "api", match: { prefix: "/anything" }, route: { cluster: "upstream" } },
        {
          name: "rewrite",
          match: { prefix: "/old/" },
          route: { cluster: "upstream", prefix_rewrite: "/anything/new/" },
        },
      ],
    });
    const rewritten = (await (await fetch(`${g.url}/old/x?q=1`)).json()) as {
      url: string;
      headers: Record<string, string>;
    };
    expect(new URL(rewritten.url).pathname).toBe("/anything/new/x");
    expect(rewritten.headers["X-Envoy-Original-Path"]).toBe("/old/x?q=1");
    expect((await fetch(`${g.url}/nowhere`)).status).toBe(404);
    const direct = await fetch(`${g.url}/direct`);
    expect([direct.status, await direct.text()]).toEqual([418, "teapot"]);
    const big = await fetch(`${g.url}/anything`, { method: "POST", body: "y".repeat(5000) });
    expect(big.status).toBe(413);
    expect(await big.text()).toBe("Payload Too Large");
  });
});
