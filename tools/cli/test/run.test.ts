// `gatewasm run` as a user runs it: the seed's envoy.yaml unchanged, hello-world's build,
// a real httpbin, curl, and SIGTERM.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envoyYamlWithConfiguration, startHttpbin, startRedisServer, type HttpbinServer } from "@gatewasm/host";
import wabtInit from "wabt";
import { listening, ROOT, startGatewasm, tempDir } from "./support/cli.js";

const SEED_YAML = join(ROOT, "packages/host/test/fixtures/seed-envoy.yaml");
const HELLO = "plugins/hello-world/build/plugin.wasm";
// envoy.yaml's admin is at 0.0.0.0:9901; tests serve it on a free loopback port instead.
const gatewasm = (args: string[]) =>
  startGatewasm(args.includes("--admin") ? args : [...args, "--admin", "127.0.0.1:0"]);
/** `gatewasm run YAML` on any free port, httpbin as its cluster, `wasm` for /etc/envoy/main.wasm. */
const runGateway = (yaml: string, wasm: string, ...more: string[]) =>
  gatewasm([
    "run",
    yaml,
    "--listen",
    "127.0.0.1:0",
    "--cluster",
    `httpbin=${httpbin.address}`,
    "--wasm",
    `/etc/envoy/main.wasm=${wasm}`,
    ...more,
  ]);

const tmp = tempDir("run");
let httpbin: HttpbinServer;
beforeAll(async () => {
  httpbin = await startHttpbin();
});
afterAll(() => {
  tmp.remove();
  return httpbin?.stop();
});

describe("gatewasm run", () => {
  it("runs the seed's envoy.yaml unchanged: curl gets hello-world's answer; SIGTERM stops it cleanly", async () => {
    const run = runGateway(SEED_YAML, HELLO);
    const url = await listening(run);
    const out = execFileSync("curl", ["-s", "-i", `${url}/get`], { encoding: "utf8" });
    expect(out).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(out).toMatch(/content-type: text\/plain/i);
    expect(out.endsWith("\r\n\r\nhello world")).toBe(true);
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
    expect(run.stdout).toMatch(/^admin on http:\/\/127\.0\.0\.1:\d+$/m);
  });

  it("stops on SIGINT too, and passes requests through to httpbin when the plugin continues them", async () => {
    const wabt = await wabtInit();
    const passThrough = wabt
      .parseWat(
        "p.wat",
        `(module (memory (export "memory") 1) (func (export "proxy_abi_version_0_2_1"))
      (func (export "malloc") (param i32) (result i32) i32.const 1024))`,
      )
      .toBinary({}).buffer;
    const dir = tmp.dir;
    writeFileSync(join(dir, "pass.wasm"), passThrough);
    const run = gatewasm([
      "run",
      "-c",
      SEED_YAML,
      "--listen",
      "127.0.0.1:0",
      "--cluster",
      `httpbin=${httpbin.address}`,
      "--wasm",
      `/etc/envoy/main.wasm=${join(dir, "pass.wasm")}`,
      "--concurrency",
      "2",
    ]);
    const url = await listening(run);
    const body = (await (await fetch(`${url}/get`)).json()) as { url: string; headers: Record<string, string> };
    expect(body.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/get$/);
    expect(body.headers["X-Envoy-Expected-Rq-Timeout-Ms"]).toBe("15000");
    run.child.kill("SIGINT");
    expect(await run.exit).toBe(0);
  });

  it("refuses a module importing proxy_redis_call under --flavor envoy and runs it under higress", async () => {
    const wabt = await wabtInit();
    const redisModule = wabt
      .parseWat(
        "r.wat",
        `(module
      (import "env" "proxy_redis_call" (func (param i32 i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1) (func (export "proxy_abi_version_0_2_1"))
      (func (export "malloc") (param i32) (result i32) i32.const 1024))`,
      )
      .toBinary({}).buffer;
    const dir = tmp.dir;
    writeFileSync(join(dir, "redis.wasm"), redisModule);
    const redisWasm = join(dir, "redis.wasm");
    const refused = runGateway(SEED_YAML, redisWasm, "--flavor", "envoy");
    expect(await refused.exit).toBe(1);
    expect(refused.stderr).toContain("Failed to load Wasm module due to a missing import: env.proxy_redis_call");
    const redis = await startRedisServer();
    try {
      const accepted = runGateway(SEED_YAML, redisWasm, "--flavor", "higress", "--cluster", `redis=${redis.address}`);
      await listening(accepted);
      accepted.child.kill("SIGTERM");
      expect(await accepted.exit).toBe(0);
    } finally {
      await redis.stop();
    }
  });

  it("explains bad arguments and files it cannot read", async () => {
    const noYaml = gatewasm(["run"]);
    expect(await noYaml.exit).toBe(2);
    expect(noYaml.stderr).toContain("usage: gatewasm run <envoy.yaml>");
    const badCluster = gatewasm(["run", SEED_YAML, "--cluster", "httpbin"]);
    expect(await badCluster.exit).toBe(2);
    expect(badCluster.stderr).toContain("--cluster httpbin: expected NAME=VALUE");
    const noWasm = gatewasm(["run", SEED_YAML, "--listen", "127.0.0.1:0"]);
    expect(await noWasm.exit).toBe(1);
    expect(noWasm.stderr).toContain(
      "wasm file /etc/envoy/main.wasm cannot be read; map it to a local file with --wasm /etc/envoy/main.wasm=PATH",
    );
    const unknown = gatewasm(["serve"]);
    expect(await unknown.exit).toBe(2);
  });

  it("refuses an envoy.yaml with an unknown field as Envoy does, naming its path", async () => {
    const misspelt = join(tmp.dir, "misspelt.yaml");
    writeFileSync(misspelt, readFileSync(SEED_YAML, "utf8").replace('prefix: "/"', 'prefx: "/"'));
    const run = runGateway(misspelt, HELLO);
    expect(await run.exit).toBe(1);
    expect(run.stderr).toContain(
      'static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes[0].match.prefx: unknown field (envoy.config.route.v3.RouteMatch has no field "prefx"; did you mean "prefix"?)',
    );
  });

  it("exits 1 without listening when a plugin refuses its configuration, with the plugin's line", async () => {
    const yaml = envoyYamlWithConfiguration(join(ROOT, "plugins/mock/envoy.yaml"), { mockEnable: "yes" });
    try {
      const run = runGateway(yaml.path, "plugins/mock/build/plugin.wasm");
      expect(await run.exit).toBe(1);
      expect(run.stderr).toContain(
        "configuration rejected: $.mockEnable: expected a boolean (true or false), got a string",
      );
      expect(run.stderr).toContain("Unable to create Wasm HTTP filter mock");
      expect(run.stdout).not.toContain("listening on");
    } finally {
      yaml.remove();
    }
  });
});
