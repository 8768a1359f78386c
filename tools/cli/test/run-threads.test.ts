// `gatewasm run --concurrency N` with worker threads, through the built bin: the threads show in
// the process's thread list, connections spread over them, shared data keeps one CAS counter for
// the whole process, and a VM that traps fails on its own thread only. The plugin is the host's
// scripted fixture (raw proxy-wasm calls, results as trace log lines); the upstream a real httpbin.
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpbin, type HttpbinServer } from "@gatewasm/host";
import { compileFixture } from "../../../packages/host/test/support/compile-fixtures.js";
import { writeGatewayYaml } from "../../../packages/host/test/support/gateway-yaml.js";
import { call, last, ret, retIfRc, trap, type Script } from "../../../packages/host/test/support/script.js";
import { listening, startGatewasm, stop, type Running } from "./support/cli.js";

const CAS_MISMATCH = 8;

let httpbin: HttpbinServer;
beforeAll(async () => {
  await compileFixture("envoy", "scripted-envoy.wasm");
  httpbin = await startHttpbin();
});
afterAll(() => httpbin?.stop());

/** One request on a connection of its own (so round robin gives the next worker). */
function fresh(url: string, path = "/get"): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(`${url}${path}`, { agent: false, headers: { connection: "close" } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

function gateway(script: Script, concurrency: number, extra: string[] = []): Running {
  const yaml = writeGatewayYaml({
    plugins: [{ name: "t", script, reloadBaseInterval: "600s" }],
    clusters: { upstream: httpbin.address },
  });
  return startGatewasm([
    "run",
    yaml,
    "--listen",
    "127.0.0.1:0",
    "--admin",
    "127.0.0.1:0",
    "--concurrency",
    String(concurrency),
    ...extra,
  ]);
}

async function adminOf(run: Running): Promise<string> {
  for (;;) {
    const m = /^admin on (http:\/\/\S+)$/m.exec(run.stdout);
    if (m) return m[1];
    if (run.child.exitCode !== null) throw new Error(`gatewasm exited ${run.child.exitCode}: ${run.stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const threadCount = (pid: number) => readdirSync(`/proc/${pid}/task`).length;
/** The worker label of each plugin line with this message, in order. */
const workersOf = (stderr: string, message: string) =>
  [...stderr.matchAll(new RegExp(`\\]\\[(w\\d+)\\]\\[\\w+\\]\\[wasm\\] wasm log t: ${message}`, "g"))].map((m) => m[1]);

async function linesCount(run: Running, message: string, n: number): Promise<void> {
  // Worker log lines reach the main thread as messages; wait for the ones the requests made.
  while (workersOf(run.stderr, message).length < n) {
    if (run.child.exitCode !== null) throw new Error(`gatewasm exited ${run.child.exitCode}: ${run.stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("gatewasm run --concurrency 4: worker threads", () => {
  it("runs 4 more threads than one worker does, spreads connections over all 4, and sums their stats in the admin", async () => {
    const script: Script = { request_headers: [call("log", 2, "request")] };
    const one = gateway(script, 1);
    let single: number;
    try {
      await listening(one);
      single = threadCount(one.child.pid!);
    } finally {
      expect(await stop(one)).toBe(0);
    }
    const run = gateway(script, 4);
    try {
      const url = await listening(run);
      const admin = await adminOf(run);
      expect(threadCount(run.child.pid!)).toBeGreaterThanOrEqual(single + 4);
      for (let i = 0; i < 8; i++) expect((await fresh(url)).status).toBe(200);
      await linesCount(run, "request", 8);
      const seen = workersOf(run.stderr, "request");
      // Round robin over 8 connections: each of the 4 threads serves exactly 2.
      for (const w of ["w0", "w1", "w2", "w3"]) expect(seen.filter((s) => s === w)).toHaveLength(2);
      const stats = await (await fetch(`${admin}/stats`)).text();
      expect(stats).toContain("http.ingress_http.downstream_rq_total: 8\n");
      expect(stats).toContain("http.ingress_http.downstream_rq_2xx: 8\n");
      expect(stats).toContain("cluster.upstream.upstream_rq_total: 8\n");
      expect(stats).toContain("wasm.envoy.wasm.runtime.v8.active: 4\n");
      expect(stats).toContain("server.concurrency: 4\n");
      const prometheus = await (await fetch(`${admin}/stats/prometheus`)).text();
      expect(prometheus).toContain(
        '# TYPE envoy_cluster_upstream_rq_total counter\nenvoy_cluster_upstream_rq_total{envoy_cluster_name="upstream"} 8\n',
      );
      expect(await (await fetch(`${admin}/ready`)).text()).toBe("LIVE\n");
    } finally {
      expect(await stop(run)).toBe(0);
    }
  });

  it("keeps one CAS counter for the process: no two workers' writes succeed on the same cas", async () => {
    // Each request reads k and writes it back with the cas it read: 409 when another write came between.
    const script: Script = {
      request_headers: [
        call("get_shared_data", "k"),
        call("set_shared_data", "k", "v", last),
        retIfRc(0, 0),
        call("send_local_response", 409, "", "cas mismatch", "", -1),
        ret(1),
      ],
    };
    const run = gateway(script, 4, ["--log-level", "trace"]);
    try {
      const url = await listening(run);
      expect((await fresh(url)).status).toBe(200); // creates k (a missing key takes any cas)
      const n = 60;
      const answers = await Promise.all(Array.from({ length: n }, () => fresh(url)));
      const ok = answers.filter((a) => a.status === 200).length;
      expect(ok + answers.filter((a) => a.status === 409).length).toBe(n);
      await linesCount(run, "@21 \\d+", n + 1);
      // Pair each thread's reads and writes (a callback's lines are consecutive on its thread).
      const lines = [...run.stderr.matchAll(/\]\[(w\d+)\]\[trace\]\[wasm\] wasm log t: @(2[12]) (\d+)(?: u:(\d+))?/g)];
      const reads = new Map<string, number[]>();
      const successes: number[] = [];
      let mismatches = 0;
      for (const [, w, op, rc, u] of lines) {
        if (op === "22") (reads.get(w) ?? reads.set(w, []).get(w)!).push(Number(u));
        else {
          const cas = reads.get(w)!.shift()!;
          if (Number(rc) === 0) successes.push(cas);
          else {
            expect(Number(rc)).toBe(CAS_MISMATCH);
            mismatches++;
          }
        }
      }
      expect(new Set(lines.map((l) => l[1])).size).toBeGreaterThan(1);
      // The first write was on a missing key; after it every success read the cas the one before left.
      const after = successes.slice(1);
      expect(new Set(after).size).toBe(after.length);
      const sorted = [...after].sort((a, b) => a - b);
      expect(sorted).toEqual(sorted.map((_, i) => sorted[0] + i));
      expect(after.length).toBe(ok);
      expect(mismatches).toBe(n - ok);
    } finally {
      expect(await stop(run)).toBe(0);
    }
  });

  it("fails only the VM of the thread that trapped: the other threads keep serving and the process lives", async () => {
    // The first request to reach any thread marks k and traps; every later one sees k and goes on.
    const script: Script = {
      request_headers: [
        call("get_shared_data", "trapped"),
        retIfRc(0, 0),
        call("set_shared_data", "trapped", "yes", 0),
        trap(),
      ],
    };
    const run = gateway(script, 4);
    try {
      const url = await listening(run);
      const admin = await adminOf(run);
      expect((await fresh(url)).status).toBe(503); // w0 traps
      // Round robin: the next 8 connections go to w1, w2, w3, w0, … ; w0's VM stays failed (600 s backoff).
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await fresh(url)).status);
      expect(statuses).toEqual([200, 200, 200, 503, 200, 200, 200, 503]);
      expect(run.stderr.match(/Function: proxy_on_request_headers failed/g)).toHaveLength(1);
      expect(run.stderr).toMatch(/\]\[w0\]\[[a-z]+\]\[wasm\][^\n]*Function: proxy_on_request_headers failed/);
      expect(await (await fetch(`${admin}/ready`)).text()).toBe("LIVE\n");
    } finally {
      expect(await stop(run)).toBe(0);
    }
  });

  it("reloads every thread on --watch: a changed envoy.yaml answers within seconds, no request failing", async () => {
    const answer = (text: string): Script => ({
      request_headers: [call("send_local_response", 200, "", text, "", -1), ret(1)],
    });
    const yaml = writeGatewayYaml({
      plugins: [{ name: "t", script: answer("one") }],
      clusters: { upstream: httpbin.address },
    });
    const run = startGatewasm([
      "run",
      yaml,
      "--listen",
      "127.0.0.1:0",
      "--admin",
      "off",
      "--watch",
      "--concurrency",
      "2",
    ]);
    try {
      const url = await listening(run);
      expect((await fresh(url)).body).toBe("one");
      const next = writeGatewayYaml({
        plugins: [{ name: "t", script: answer("two") }],
        clusters: { upstream: httpbin.address },
      });
      writeFileSync(`${yaml}.new`, readFileSync(next));
      renameSync(`${yaml}.new`, yaml);
      // Until both threads (consecutive connections go to both) answer from the new configuration.
      const bodies: string[] = [];
      const statuses: number[] = [];
      while (bodies.slice(-2).join() !== "two,two") {
        const r = await fresh(url);
        statuses.push(r.status);
        bodies.push(r.body);
      }
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect(bodies.every((b) => b === "one" || b === "two")).toBe(true);
      expect(run.stderr.match(/\[info\]\[gateway\] reloaded .*envoy\.yaml: new streams run the new VMs/g)).toHaveLength(
        2,
      );
    } finally {
      expect(await stop(run)).toBe(0);
    }
  });

  it("relays a body many times the relay window both ways, byte for byte", async () => {
    const run = gateway({ request_headers: [call("log", 2, "request")] }, 2);
    try {
      const url = await listening(run);
      const size = 3 * 1024 * 1024; // twelve 256 KiB windows up, and as many down in httpbin's echo
      const body = Buffer.alloc(size, "abcdefghij");
      const res = await fetch(`${url}/anything`, { method: "POST", body, headers: { "content-type": "text/plain" } });
      expect(res.status).toBe(200);
      const echoed = (await res.json()) as { data: string };
      expect(echoed.data.length).toBe(size);
      expect(echoed.data === body.toString()).toBe(true);
    } finally {
      expect(await stop(run)).toBe(0);
    }
  });
});
