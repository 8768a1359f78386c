// Fuzz: generated configurations (each starts a VM; accepted ones also get a request) and then
// hostile requests on VMs with valid configurations, until the plugin has been fed the planned
// number of inputs. Inputs are counted as the plugin receives them: a configuration, a request
// header map, a request body, each callout answer, the upstream's response. A trap saves the
// input to bench/out/fuzz-failures/ (replay with `pnpm bench --replay FILE`) and fails the run.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CompiledPlugin } from "@gatewasm/host";
import { BenchVm, StartFailure, type BenchRequest } from "../engine/bench-vm.js";
import { hostileAnswer, hostileReply, serviceAnswer, windowReply } from "../inputs/callout-answers.js";
import { configMaterial, fuzzConfig } from "../inputs/configs.js";
import { request } from "../inputs/requests.js";
import type { Plan } from "../options.js";
import { FUZZ_FAILURES, pluginWasm } from "../paths.js";
import { exampleConfigs, type PluginUnderTest } from "../plugins.js";
import type { FuzzRow } from "../report/results.js";
import { Rng } from "../rng.js";
import { saveCase, type FuzzCase } from "./fuzz-case.js";

/** Requests per VM before a fresh one (with the next valid configuration) takes over. */
const REQUESTS_PER_VM = 25_000;
/** Past this many traps a plugin's fuzz stops: the first ones are what needs fixing. */
const MAX_TRAPS = 10;

function hostileRequest(rng: Rng, p: PluginUnderTest): BenchRequest {
  const r = request(rng, p.fuzz.traffic, true);
  r.httpAnswer = rng.chance(0.8)
    ? hostileAnswer(rng, p.fuzz.tokenHeaders.length ? p.fuzz.tokenHeaders : ["x-token"])
    : serviceAnswer(rng, p.fuzz.tokenHeaders.length ? p.fuzz.tokenHeaders : ["x-token"]);
  r.redisAnswer = rng.chance(0.8) ? hostileReply(rng) : windowReply(rng, 1 + rng.int(100), rng.pick([1, 60, 3600]));
  return r;
}

export function fuzzPlugin(p: PluginUnderTest, plan: Plan, seed: number, progress: (line: string) => void): FuzzRow {
  const started = Date.now();
  const compiled = CompiledPlugin.compile(readFileSync(pluginWasm(p.name)), p.flavor);
  const material = configMaterial(exampleConfigs(p));
  const rng = new Rng(seed);
  const row: FuzzRow = {
    plugin: p.name,
    seed,
    configurations: 0,
    configurationsAccepted: 0,
    requests: 0,
    inputs: 0,
    callAnswers: 0,
    traps: 0,
    failures: [],
    seconds: 0,
  };
  const trap = (c: Omit<FuzzCase, "plugin" | "seed">, lines: string[]) => {
    row.traps++;
    mkdirSync(FUZZ_FAILURES, { recursive: true });
    const file = join(FUZZ_FAILURES, `${p.name}-${c.kind}-seed${seed}-${c.index}.json`);
    saveCase(file, { plugin: p.name, seed, ...c }, lines);
    row.failures.push(file);
    progress(`  fuzz ${p.name}: TRAP (${c.kind} ${c.index}): ${lines.at(-1) ?? ""}; input saved to ${file}`);
  };
  /** Runs one request; false if it trapped (the VM is then dead). */
  const feed = (vm: BenchVm, configuration: Buffer, r: BenchRequest, index: number): boolean => {
    const calls = vm.clusters.httpCalls + vm.clusters.redisCalls;
    let delivered: number;
    try {
      delivered = vm.run(r).delivered;
    } catch (e) {
      // Not a trap: the host itself threw. Keep the input, then stop: that is a host bug to fix.
      mkdirSync(FUZZ_FAILURES, { recursive: true });
      const file = join(FUZZ_FAILURES, `${p.name}-host-error-seed${seed}-${index}.json`);
      saveCase(
        file,
        { plugin: p.name, seed, kind: "request", index, configuration: configuration.toString("base64"), request: r },
        [String(e)],
      );
      throw new Error(
        `fuzz ${p.name}: the host threw on request ${index} (input saved to ${file}): ${(e as Error).stack}`,
      );
    }
    const answers = vm.clusters.httpCalls + vm.clusters.redisCalls - calls;
    row.requests++;
    row.callAnswers += answers;
    row.inputs += delivered + answers;
    if (!vm.failed) return true;
    trap({ kind: "request", index, configuration: configuration.toString("base64"), request: r }, vm.hostLines);
    return false;
  };

  // Configurations, each on a new VM of the compiled module.
  for (let i = 0; i < plan.fuzzConfigs && row.traps < MAX_TRAPS; i++) {
    const configuration = fuzzConfig(rng, material);
    const r = hostileRequest(rng, p);
    row.configurations++;
    row.inputs++;
    let vm: BenchVm;
    try {
      vm = BenchVm.start({ wasm: compiled, configuration, flavor: p.flavor });
    } catch (e) {
      if (!(e instanceof StartFailure)) throw e;
      if (e.trapped)
        trap({ kind: "config", index: i, configuration: configuration.toString("base64"), request: null }, e.hostLines);
      continue;
    }
    row.configurationsAccepted++;
    feed(vm, configuration, r, i);
    vm.close();
  }

  // Hostile requests on VMs with valid configurations, taking turns.
  const valid = [p.bench.configuration, p.soak.configuration, ...material.examples.map((e) => JSON.stringify(e))].map(
    (c) => Buffer.from(c),
  );
  let turn = 0;
  let vm: BenchVm | null = null;
  let configuration = valid[0];
  for (let i = 0; row.inputs < plan.fuzzInputs && row.traps < MAX_TRAPS; i++) {
    if (vm === null || i % REQUESTS_PER_VM === 0) {
      vm?.close();
      configuration = valid[turn++ % valid.length];
      vm = BenchVm.start({ wasm: compiled, configuration, flavor: p.flavor });
    }
    if (!feed(vm, configuration, hostileRequest(rng, p), i)) vm = null;
    if ((i + 1) % 100_000 === 0) progress(`  fuzz ${p.name}: ${row.inputs} inputs, ${row.traps} traps`);
  }
  vm?.close();
  row.seconds = Math.round((Date.now() - started) / 100) / 10;
  return row;
}
