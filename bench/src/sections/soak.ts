// Memory soak: a million requests through one VM of each plugin, with a configuration that has
// rules and traffic that hits them (varied methods, paths, domains, routes, header maps, bodies
// and responses; callouts answered with the whole range a real service gives). Linear memory is
// read after the warm-up and at the end: any growth is a leak (or a heap that never settles).
import { BenchVm, type BenchRequest } from "../engine/bench-vm.js";
import { request } from "../inputs/requests.js";
import type { Plan } from "../options.js";
import { pluginWasm } from "../paths.js";
import type { PluginUnderTest } from "../plugins.js";
import type { SoakRow } from "../report/results.js";
import { Rng } from "../rng.js";
import { readFileSync } from "node:fs";

/** Distinct requests generated up front and drawn at random: generating each would dominate the run. */
const POOL = 3_000;

export function soakPlugin(p: PluginUnderTest, plan: Plan, seed: number, progress: (line: string) => void): SoakRow {
  const rng = new Rng(seed);
  const pool: BenchRequest[] = Array.from({ length: POOL }, () => request(rng, p.soak.traffic, false));
  const vm = BenchVm.start({
    wasm: readFileSync(pluginWasm(p.name)),
    configuration: p.soak.configuration,
    flavor: p.flavor,
  });
  const statuses: Record<string, number> = {};
  const started = Date.now();
  let pagesAfterWarmup = 0;
  for (let i = 0; i < plan.soakRequests && !vm.failed; i++) {
    const r = pool[rng.int(POOL)];
    p.soak.answer(rng, r);
    const { status } = vm.run(r);
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (i + 1 === plan.soakWarmup) pagesAfterWarmup = vm.pages;
    if ((i + 1) % 250_000 === 0) progress(`  soak ${p.name}: ${i + 1} requests, ${vm.pages} pages`);
  }
  const row: SoakRow = {
    plugin: p.name,
    requests: plan.soakRequests,
    warmup: plan.soakWarmup,
    pagesAfterWarmup,
    pagesAtEnd: vm.pages,
    statuses,
    trapped: vm.failed,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  if (vm.failed) progress(`  soak ${p.name}: TRAPPED: ${vm.hostLines.join("; ")}`);
  vm.close();
  return row;
}
