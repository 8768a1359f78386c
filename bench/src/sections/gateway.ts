// Gateway throughput: the echo upstream hit directly, a plain Node reverse proxy in front of it
// (the baseline), and `gatewasm run` on loopback with no filter, with the mock plugin (the
// seed's config: adds hello: world), with redis-ratelimit counting every request in a real
// redis-server (a limit no request reaches), and with mock on 2 and 4 workers. Same client
// settings for all, runs interleaved round by round; requests/s, ratios to no filter, p50/p99,
// and the CPU one request costs the process under test. Then the 4-worker gateway again at half
// its peak rate with 200 connections, for its p99 below saturation.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { AUTOCANNON_VERSION, load, type LoadResult } from "../gateway/load.js";
import { cpuPerRequest } from "../gateway/profile.js";
import { cpuSeconds } from "../gateway/process-cpu.js";
import {
  startGateway,
  startNodeProxy,
  startUpstreams,
  type Gateway as RunningGateway,
  type Upstreams,
} from "../gateway/stack.js";
import type { WasmFilter } from "../gateway/envoy-yaml.js";
import type { Plan } from "../options.js";
import { OUT, pluginWasm } from "../paths.js";
import type { PluginUnderTest } from "../plugins.js";
import type { Gateway, GatewayProfileRow, LoadRow } from "../report/results.js";
import { median } from "../stats.js";

interface Row {
  name: string;
  /** What answers: the upstream itself, the plain Node proxy, or `gatewasm run`. */
  kind: "direct" | "node proxy" | "gateway";
  filter: WasmFilter | null;
  concurrency: number;
  results: LoadResult[];
  /** CPU µs per request of the process under test, per round (null where /proc is missing). */
  cpu: (number | null)[];
  gateway?: RunningGateway;
  url?: string;
  pid?: number;
}

const HALF_LOAD_CONNECTIONS = 200;

const FILTERS: Record<string, WasmFilter> = {
  mock: { name: "mock", flavor: "envoy", configuration: '{"mockEnable": false}' },
  "redis-ratelimit": {
    name: "redis-ratelimit",
    flavor: "higress",
    configuration: '{"serviceName": "redis.static", "servicePort": 6379, "qpm": 1000000000}',
  },
};

/** Each gateway again, alone, under V8's profiler: separate from the measured runs, which it would slow. */
async function profileGateways(
  rows: Row[],
  upstreams: Upstreams,
  plan: Plan,
  progress: (line: string) => void,
): Promise<Gateway["profile"]> {
  const out: GatewayProfileRow[] = [];
  for (const row of rows.filter((r) => r.kind === "gateway" && r.concurrency === 1)) {
    const label = row.name.replace(/ /g, "-");
    const dir = join(OUT, "gateway", `profile-${label}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const gateway = await startGateway(
      label,
      row.filter,
      row.filter ? pluginWasm(row.filter.name) : null,
      upstreams,
      1,
      dir,
    );
    let served = 0;
    try {
      served = (await load(`${gateway.url}/get`, plan.connections, plan.profileSeconds)).total;
    } finally {
      await gateway.child.stop();
    }
    out.push({ name: row.name, requests: served, cpuUsPerRequest: cpuPerRequest(dir, served) });
    progress(`  gateway ${row.name} profiled: ${served} requests`);
  }
  return { seconds: plan.profileSeconds, rows: out };
}

export async function measureGateway(
  plugins: PluginUnderTest[],
  plan: Plan,
  progress: (line: string) => void,
): Promise<Gateway> {
  const row = (name: string, kind: Row["kind"], filter: WasmFilter | null = null, concurrency = 1): Row => ({
    name,
    kind,
    filter,
    concurrency,
    results: [],
    cpu: [],
  });
  const rows: Row[] = [
    row("upstream direct", "direct"),
    row("plain Node proxy", "node proxy"),
    row("no filter", "gateway"),
  ];
  const skipped: string[] = [];
  for (const name of Object.keys(FILTERS)) {
    if (plugins.some((p) => p.name === name)) rows.push(row(name, "gateway", FILTERS[name]));
    else skipped.push(`${name} (not built)`);
  }
  if (plugins.some((p) => p.name === "mock"))
    for (const n of [2, 4]) rows.push(row(`mock, ${n} workers`, "gateway", FILTERS.mock, n));
  const upstreams = await startUpstreams(rows.some((r) => r.filter?.flavor === "higress"));
  let profile: Gateway["profile"] = null;
  let halfLoad: Gateway["halfLoad"] = null;
  try {
    for (const row of rows) {
      if (row.kind === "direct") {
        row.url = upstreams.echo.startsWith("http") ? upstreams.echo : `http://${upstreams.echo}`;
        row.pid = upstreams.echoPid;
        continue;
      }
      row.gateway =
        row.kind === "node proxy"
          ? await startNodeProxy(upstreams)
          : await startGateway(
              row.name.replace(/[ ,]+/g, "-"),
              row.filter,
              row.filter ? pluginWasm(row.filter.name) : null,
              upstreams,
              row.concurrency,
            );
      row.url = row.gateway.url;
      row.pid = row.gateway.child.pid;
      const check = await fetch(`${row.url}/get`);
      await check.text();
      if (check.status !== 200) throw new Error(`${row.name}: GET /get answered ${check.status}, expected 200`);
    }
    // Warm-up (JIT, connection pools, Redis script cache), then the measured rounds.
    for (const row of rows)
      await load(`${row.url}/get`, plan.connections, Math.max(1, Math.round(plan.loadSeconds / 3)));
    for (let round = 0; round < plan.loadRounds; round++) {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[(i + round) % rows.length];
        const before = row.pid !== undefined ? cpuSeconds(row.pid) : null;
        const r = await load(`${row.url}/get`, plan.connections, plan.loadSeconds);
        const after = row.pid !== undefined ? cpuSeconds(row.pid) : null;
        row.results.push(r);
        row.cpu.push(before !== null && after !== null && r.total > 0 ? ((after - before) * 1e6) / r.total : null);
        progress(
          `  gateway ${row.name}: ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`,
        );
      }
    }
    const four = rows.find((r) => r.kind === "gateway" && r.concurrency === 4);
    if (four) {
      const peak = median(four.results.map((r) => r.requestsPerSecond));
      const r = await load(`${four.url}/get`, HALF_LOAD_CONNECTIONS, plan.loadSeconds, peak / 2);
      halfLoad = {
        name: four.name,
        connections: HALF_LOAD_CONNECTIONS,
        peakRequestsPerSecond: Math.round(peak),
        requestsPerSecond: Math.round(r.requestsPerSecond),
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        errors: r.errors,
      };
      progress(
        `  gateway ${four.name} at half its peak, ${HALF_LOAD_CONNECTIONS} connections: ${Math.round(r.requestsPerSecond)} req/s, p99 ${r.p99Ms} ms`,
      );
    }
    for (const row of rows) await row.gateway?.child.stop();
    if (plan.profileSeconds > 0) profile = await profileGateways(rows, upstreams, plan, progress);
  } finally {
    for (const row of rows) await row.gateway?.child.stop();
    await upstreams.stop();
  }
  // The ratio pairs each run with the no-filter run of the same round (minutes apart at most):
  // the machine's load drifts more between rounds than between neighbours.
  const base = rows.find((r) => r.name === "no filter")!.results.map((r) => r.requestsPerSecond);
  const out: LoadRow[] = rows.map((row) => {
    const cpu = row.cpu.filter((c): c is number => c !== null);
    const rps = median(row.results.map((r) => r.requestsPerSecond));
    return {
      name: row.name,
      requestsPerSecond: Math.round(rps),
      ratio: Math.round(median(row.results.map((r, i) => r.requestsPerSecond / base[i])) * 1000) / 1000,
      p50Ms: median(row.results.map((r) => r.p50Ms)),
      p99Ms: median(row.results.map((r) => r.p99Ms)),
      non2xx: row.results.reduce((s, r) => s + r.non2xx, 0),
      errors: row.results.reduce((s, r) => s + r.errors, 0),
      rounds: row.results.map((r) => Math.round(r.requestsPerSecond)),
      cpuUsPerRequest: cpu.length === row.cpu.length && cpu.length > 0 ? Math.round(median(cpu) * 10) / 10 : null,
    };
  });
  return {
    tool: `autocannon ${AUTOCANNON_VERSION}`,
    connections: plan.connections,
    seconds: plan.loadSeconds,
    rounds: plan.loadRounds,
    setup: `The embedded echo upstream (its own process) hit directly; a plain Node reverse proxy (\`node:http\`, a keep-alive pool, bodies piped; its own process) in front of it; and \`gatewasm run\` (one Node process; one worker unless the row says more) on 127.0.0.1 in front of it${rows.some((r) => r.filter?.flavor === "higress") ? ", with a real `redis-server` for redis-ratelimit" : ""}. Load from autocannon ${AUTOCANNON_VERSION} (its own process): ${plan.connections} keep-alive connections, \`GET /get\`, ${plan.loadSeconds} s per run after a warm-up, ${plan.loadRounds} round${plan.loadRounds > 1 ? "s" : ""} with the targets taking turns; requests/s and latencies are medians of the rounds, the ratio the median of each round's ratio to the no-filter gateway's run of that round. CPU per request is the user + system time of the process under test only (the upstream's own for "upstream direct"; the gateway's or proxy's, without the upstream's, for the others) over the run, divided by the requests served. Client, target, upstream${rows.some((r) => r.filter?.flavor === "higress") ? " and Redis" : ""} all share the machine's 2 cores, so the client takes CPU the target would otherwise have: absolute numbers are lower than the target alone would do, and the ratios compare like with like. With 2 or more workers the gateway runs them as worker threads (one VM per plugin each); its main thread accepts the connections and relays their bytes to the workers, and the gateway's CPU per request counts all its threads.`,
    rows: out,
    halfLoad,
    profile,
    skipped,
  };
}
