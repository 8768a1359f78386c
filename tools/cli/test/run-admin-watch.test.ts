// `gatewasm run` with the admin interface, access logs and --watch, as a user runs them: the
// seed's envoy.yaml, a real httpbin, the built gatewasm bin, SIGTERM.
import { copyFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpbin, type HttpbinServer } from "@gatewasm/host";
import { gatewasm, listening, proxyModule, ROOT, startGatewasm, tempDir, wat, type Running } from "./support/cli.js";

const SEED_YAML = join(ROOT, "packages/host/test/fixtures/seed-envoy.yaml");
const HELLO = join(ROOT, "plugins/hello-world/build/plugin.wasm");

const tmp = tempDir("run-admin");
let httpbin: HttpbinServer;
beforeAll(async () => {
  httpbin = await startHttpbin();
});
afterAll(() => {
  tmp.remove();
  return httpbin?.stop();
});

/** Waits for a line the gateway prints on stdout (it exits or the test's timeout ends the wait). */
async function printed(run: Running, pattern: RegExp): Promise<RegExpExecArray> {
  for (;;) {
    const m = pattern.exec(run.stdout);
    if (m) return m;
    if (run.child.exitCode !== null) throw new Error(`gatewasm exited ${run.child.exitCode}: ${run.stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("gatewasm run --admin --access-log", () => {
  it("serves Envoy's admin with request counters and prints Envoy's default access log line per request", async () => {
    const pass = join(tmp.dir, "pass.wasm");
    writeFileSync(pass, await wat(proxyModule()));
    const run = startGatewasm([
      "run",
      SEED_YAML,
      "--listen",
      "127.0.0.1:0",
      "--admin",
      "127.0.0.1:0",
      "--access-log",
      "--concurrency",
      "4",
      "--cluster",
      `httpbin=${httpbin.address}`,
      "--wasm",
      `/etc/envoy/main.wasm=${pass}`,
    ]);
    try {
      const url = await listening(run);
      const admin = (await printed(run, /^admin on (http:\/\/\S+)$/m))[1];
      expect(await (await fetch(`${admin}/ready`)).text()).toBe("LIVE\n");
      const res = await fetch(`${url}/get`, { headers: { "user-agent": "test-client" } });
      expect(res.status).toBe(200);
      const body = await res.text();
      const line = await printed(
        run,
        /^\[\S+\] "GET \/get HTTP\/1\.1" 200 - 0 (\d+) \d+ \d+ "-" "test-client" "[0-9a-f-]{36}" "127\.0\.0\.1:\d+" "(\S+)"$/m,
      );
      expect(Number(line[1])).toBe(Buffer.byteLength(body));
      expect(line[2]).toBe(httpbin.address);
      const stats = await (await fetch(`${admin}/stats`)).text();
      expect(stats).toContain("http.ingress_http.downstream_rq_total: 1\n");
      expect(stats).toContain("http.ingress_http.downstream_rq_2xx: 1\n");
      expect(stats).toContain("cluster.httpbin.upstream_rq_total: 1\n");
      expect(stats).toContain("wasm.envoy.wasm.runtime.v8.active: 4\n");
      const prometheus = await (await fetch(`${admin}/stats/prometheus`)).text();
      expect(prometheus).toContain(
        '# TYPE envoy_cluster_upstream_rq_total counter\nenvoy_cluster_upstream_rq_total{envoy_cluster_name="httpbin"} 1\n',
      );
      expect(prometheus).toContain('envoy_http_downstream_rq_total{envoy_http_conn_manager_prefix="ingress_http"} 1\n');
    } finally {
      run.child.kill("SIGTERM");
    }
    expect(await run.exit).toBe(0);
  });

  it("refuses an --admin that is not HOST:PORT", () => {
    const r = gatewasm(["run", SEED_YAML, "--admin", "9901"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--admin 9901: expected HOST:PORT or off/);
  });
});

describe("gatewasm run --watch", () => {
  it("answers with the replaced wasm file within seconds, no request failing meanwhile", async () => {
    const wasm = join(tmp.dir, "live.wasm");
    copyFileSync(HELLO, wasm);
    const run = startGatewasm([
      "run",
      SEED_YAML,
      "--listen",
      "127.0.0.1:0",
      "--admin",
      "off",
      "--watch",
      "--cluster",
      `httpbin=${httpbin.address}`,
      "--wasm",
      `/etc/envoy/main.wasm=${wasm}`,
    ]);
    try {
      const url = await listening(run);
      expect(await (await fetch(`${url}/get`)).text()).toBe("hello world");
      writeFileSync(`${wasm}.new`, await wat(proxyModule()));
      renameSync(`${wasm}.new`, wasm);
      const statuses: number[] = [];
      let body = "hello world";
      while (body === "hello world") {
        const res = await fetch(`${url}/get`);
        statuses.push(res.status);
        body = await res.text();
      }
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(JSON.parse(body).url).toMatch(/\/get$/);
      expect(run.stderr).toMatch(/\[info\]\[gateway\] reloaded .*seed-envoy\.yaml: new streams run the new VMs/);
    } finally {
      run.child.kill("SIGTERM");
    }
    expect(await run.exit).toBe(0);
  });
});
