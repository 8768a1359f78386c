// Configure time: how long the mock plugin takes to start (load, start, on_configure) with
// growing configurations, so a reader that is not linear in the config's size shows. Two
// shapes: N `_rules_` entries (each a small object the SDK and the plugin parse) and one list
// of N items (a header with N values). The slope is given per doubling of N: a linear reader
// costs 2× per doubling, a quadratic one 4×. Then the local gateway (`gatewasm run`) with
// 10,000 rules against none: how much later it listens, every VM configured.
import { performance } from "node:perf_hooks";
import { TestHost } from "@gatewasm/host";
import { startGateway, startUpstreams } from "../gateway/stack.js";
import type { Plan } from "../options.js";
import { pluginWasm } from "../paths.js";
import type { ConfigureResult, ConfigureRow } from "../report/results.js";

const rulesConfig = (n: number) =>
  JSON.stringify({
    _rules_: Array.from({ length: n }, (_, i) => ({
      _match_domain_: [`host-${i}.example.com`],
      mockEnable: true,
      mockStatusCode: 200 + (i % 300),
    })),
  });

const listConfig = (n: number) =>
  JSON.stringify({ requestHeaders: { "x-item": Array.from({ length: n }, (_, i) => `value-${i}`) } });

/** Median milliseconds of TestHost.start with `config`, over `runs` runs. */
async function startMs(config: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    // At info, as `gatewasm run` logs by default (trace would add a host log call per rule).
    const host = await TestHost.start({ wasm: pluginWasm("mock"), config, logLevel: "info" });
    times.push(performance.now() - t0);
    host.close();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Milliseconds from spawning `gatewasm run` to its "listening on" line. */
async function gatewayStartMs(label: string, configuration: string): Promise<number> {
  const upstreams = await startUpstreams(false);
  try {
    const t0 = performance.now();
    const gateway = await startGateway(
      label,
      { name: "mock", flavor: "envoy", configuration },
      pluginWasm("mock"),
      upstreams,
    );
    const ms = performance.now() - t0;
    await gateway.child.stop();
    return ms;
  } finally {
    await upstreams.stop();
  }
}

function perDoubling(rows: ConfigureRow[]): number {
  const first = rows[0];
  const last = rows[rows.length - 1];
  return (last.ms / first.ms) ** (1 / Math.log2(last.items / first.items));
}

export async function measureConfigure(plan: Plan, log: (line: string) => void): Promise<ConfigureResult> {
  const sizes = plan.mode === "quick" ? [1_000, 10_000] : [1_000, 10_000, 100_000];
  const runs = plan.mode === "quick" ? 1 : 3;
  const empty = await startMs("{}", runs);
  const rules: ConfigureRow[] = [];
  const list: ConfigureRow[] = [];
  for (const n of sizes) {
    rules.push({ items: n, bytes: rulesConfig(n).length, ms: await startMs(rulesConfig(n), runs) });
    list.push({ items: n, bytes: listConfig(n).length, ms: await startMs(listConfig(n), runs) });
    log(
      `  ${n.toLocaleString("en-US")} items: rules ${rules[rules.length - 1].ms.toFixed(1)} ms, list ${list[list.length - 1].ms.toFixed(1)} ms`,
    );
  }
  const gatewayRules = 10_000;
  const gatewayNone = await gatewayStartMs("configure-none", "{}");
  const gatewayMany = await gatewayStartMs("configure-10k-rules", rulesConfig(gatewayRules));
  log(
    `  gateway start: ${gatewayNone.toFixed(0)} ms with no rules, ${gatewayMany.toFixed(0)} ms with ${gatewayRules.toLocaleString("en-US")}`,
  );
  return {
    emptyMs: empty,
    runs,
    rules,
    list,
    rulesPerDoubling: perDoubling(rules),
    listPerDoubling: perDoubling(list),
    gateway: { rules: gatewayRules, noneMs: gatewayNone, manyMs: gatewayMany },
  };
}
