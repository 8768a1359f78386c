// Gateway throughput: `gatewasm run` on loopback in front of the echo upstream with no filter,
// with the mock plugin (the seed's config: adds hello: world), and with redis-ratelimit counting
// every request in a real redis-server (a limit no request reaches). Same client settings for
// all, runs interleaved round by round; requests/s, ratios to no filter, p50/p99.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { AUTOCANNON_VERSION, load, type LoadResult } from "../gateway/load.js";
import { cpuPerRequest } from "../gateway/profile.js";
import { startGateway, startUpstreams, type Gateway as RunningGateway, type Upstreams } from "../gateway/stack.js";
import type { WasmFilter } from "../gateway/envoy-yaml.js";
import type { Plan } from "../options.js";
import { OUT, pluginWasm } from "../paths.js";
import type { PluginUnderTest } from "../plugins.js";
import type { Gateway, GatewayProfileRow, LoadRow } from "../report/results.js";
import { median } from "../stats.js";

interface Row {
  name: string;
  filter: WasmFilter | null;
  results: LoadResult[];
  gateway?: RunningGateway;
}

const FILTERS: Record<string, WasmFilter> = {
  mock: { name: "mock", flavor: "envoy", configuration: '{"mockEnable": false}' },
  "redis-ratelimit": { name: "redis-ratelimit", flavor: "higress", configuration: '{"serviceName": "redis.static", "servicePort": 6379, "qpm": 1000000000}' },
};

/** Each gateway again, alone, under V8's profiler: separate from the measured runs, which it would slow. */
async function profileGateways(rows: Row[], upstreams: Upstreams, plan: Plan, progress: (line: string) => void): Promise<Gateway["profile"]> {
  const out: GatewayProfileRow[] = [];
  for (const row of rows) {
    const label = row.name.replace(/ /g, "-");
    const dir = join(OUT, "gateway", `profile-${label}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const gateway = await startGateway(label, row.filter, row.filter ? pluginWasm(row.filter.name) : null, upstreams, 1, dir);
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

export async function measureGateway(plugins: PluginUnderTest[], plan: Plan, progress: (line: string) => void): Promise<Gateway> {
  const rows: Row[] = [{ name: "no filter", filter: null, results: [] }];
  const skipped: string[] = [];
  for (const name of Object.keys(FILTERS)) {
    if (plugins.some((p) => p.name === name)) rows.push({ name, filter: FILTERS[name], results: [] });
    else skipped.push(`${name} (not built)`);
  }
  const upstreams = await startUpstreams(rows.some((r) => r.filter?.flavor === "higress"));
  let profile: Gateway["profile"] = null;
  try {
    for (const row of rows) {
      row.gateway = await startGateway(row.name.replace(/ /g, "-"), row.filter, row.filter ? pluginWasm(row.filter.name) : null, upstreams);
      const check = await fetch(`${row.gateway.url}/get`);
      await check.text();
      if (check.status !== 200) throw new Error(`gateway ${row.name}: GET /get answered ${check.status}, expected 200`);
    }
    // Warm-up (JIT, connection pools, Redis script cache), then the measured rounds.
    for (const row of rows) await load(`${row.gateway!.url}/get`, plan.connections, Math.max(1, Math.round(plan.loadSeconds / 3)));
    for (let round = 0; round < plan.loadRounds; round++) {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[(i + round) % rows.length];
        const r = await load(`${row.gateway!.url}/get`, plan.connections, plan.loadSeconds);
        row.results.push(r);
        progress(`  gateway ${row.name}: ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`);
      }
    }
    for (const row of rows) await row.gateway?.child.stop();
    if (plan.profileSeconds > 0) profile = await profileGateways(rows, upstreams, plan, progress);
  } finally {
    for (const row of rows) await row.gateway?.child.stop();
    await upstreams.stop();
  }
  // The ratio pairs each run with the no-filter run of the same round (minutes apart at most):
  // the machine's load drifts more between rounds than between neighbours.
  const base = rows[0].results.map((r) => r.requestsPerSecond);
  const out: LoadRow[] = rows.map((row) => {
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
    };
  });
  return {
    tool: `autocannon ${AUTOCANNON_VERSION}`,
    connections: plan.connections,
    seconds: plan.loadSeconds,
    rounds: plan.loadRounds,
    setup: `\`gatewasm run\` (one worker, one Node process) on 127.0.0.1 in front of the embedded echo upstream (its own process)${rows.some((r) => r.filter?.flavor === "higress") ? " and a real `redis-server`" : ""}; load from autocannon ${AUTOCANNON_VERSION} (its own process): ${plan.connections} keep-alive connections, \`GET /get\`, ${plan.loadSeconds} s per run after a warm-up, ${plan.loadRounds} round${plan.loadRounds > 1 ? "s" : ""} with the gateways taking turns; requests/s and latencies are medians of the rounds, the ratio the median of each round's ratio to the no-filter run of that round. Client, gateway, upstream${rows.some((r) => r.filter?.flavor === "higress") ? " and Redis" : ""} all share the machine's 2 cores, so the client takes CPU the gateway would otherwise have: absolute numbers are lower than the gateway alone would do, and the ratios compare like with like.`,
    rows: out,
    profile,
    skipped,
  };
}
