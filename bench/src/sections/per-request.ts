// Per-request cost: each plugin and its raw-ABI baseline through the host's stream path, in
// one process, interleaved (batches of A then B, B then A the next round) because this machine
// is shared and noisy; medians over rounds, and the ratio of each back-to-back pair. The host's
// own cost is measured the same way: the stream machinery with no filter, and with the no-op
// module (every callback, no host call).
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { BenchVm, driveStream, type BenchRequest } from "../engine/bench-vm.js";
import { HostCallCounter } from "../engine/host-call-counter.js";
import type { Plan } from "../options.js";
import { baselineWasm, peerWasm, pluginWasm } from "../paths.js";
import { PEERS, PEER_REFERENCE } from "../peers.js";
import type { PeerRow } from "../report/results.js";
import type { PluginUnderTest } from "../plugins.js";
import type { PerRequest, PerRequestRow } from "../report/results.js";
import { median, round } from "../stats.js";
import { countInstructions, hasValgrind } from "./instructions.js";

interface Subject {
  name: string;
  run(request: BenchRequest): unknown;
  times: number[];
}

function start(
  wasm: string,
  configuration: string,
  p: Pick<PluginUnderTest, "flavor">,
  counter?: HostCallCounter,
): BenchVm {
  const create = () => BenchVm.start({ wasm: readFileSync(wasm), configuration, flavor: p.flavor });
  return counter ? counter.counted(create) : create();
}

/** Nanoseconds per request for one batch. */
function timeBatch(subject: Subject, request: BenchRequest, batch: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) subject.run(request);
  return Number(process.hrtime.bigint() - t0) / batch;
}

/** The host calls of one request (after a first one: lazy set-up is not per request). */
function hostCallsOf(
  wasm: string,
  configuration: string,
  p: PluginUnderTest,
): { counts: Record<string, number>; sequence: string[] } {
  const counter = new HostCallCounter();
  const vm = start(wasm, configuration, p, counter);
  vm.run(p.bench.request);
  counter.reset();
  vm.run(p.bench.request);
  const result = { counts: counter.snapshot(), sequence: [...counter.sequence] };
  vm.close();
  return result;
}

/** The peers' sizes, instructions and host calls (the same one call as mock's baseline, or not). */
function peerRows(plugins: PluginUnderTest[], instructions: Map<string, number> | null): PeerRow[] {
  const reference = plugins.find((p) => p.name === PEER_REFERENCE);
  if (!reference) return [];
  return PEERS.filter((x) => existsSync(peerWasm(x.name))).map((x) => {
    const bytes = readFileSync(peerWasm(x.name));
    const counter = new HostCallCounter();
    const vm = counter.counted(() =>
      BenchVm.start({ wasm: bytes, configuration: x.configuration, flavor: "envoy", rootId: x.rootId }),
    );
    vm.run(reference.bench.request);
    counter.reset();
    vm.run(reference.bench.request);
    const hostCalls = counter.snapshot();
    if (vm.failed) throw new Error(`per-request: peer ${x.name} trapped: ${vm.hostLines.join("; ")}`);
    vm.close();
    const ins = instructions?.get(x.name);
    const raw = instructions?.get(`${PEER_REFERENCE} (raw)`);
    return {
      name: x.name,
      built: x.built,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      hostCalls,
      ...(ins !== undefined && raw ? { instructionsPerRequest: ins, instructionRatio: round(ins / raw, 3) } : {}),
    };
  });
}

/** Instructions per request (callgrind) of every subject of the section, or null without valgrind. */
function instructionsOf(
  plugins: PluginUnderTest[],
  plan: Plan,
  progress: (line: string) => void,
): Map<string, number> | null {
  if (!hasValgrind()) {
    progress("  per-request: valgrind is not installed, no instruction counts (apt-get install valgrind)");
    return null;
  }
  const t0 = Date.now();
  const first = plugins[0].name;
  const peers = plugins.some((p) => p.name === PEER_REFERENCE) ? PEERS.filter((x) => existsSync(peerWasm(x.name))) : [];
  const counts = countInstructions(
    [
      ...peers.map((x) => ({
        name: x.name,
        wasm: peerWasm(x.name),
        configuration: x.configuration,
        flavor: "envoy" as const,
        requestOf: PEER_REFERENCE,
        rootId: x.rootId,
      })),
      { name: "no filter", wasm: null, configuration: "", flavor: "envoy", requestOf: first },
      { name: "no-op module", wasm: baselineWasm("noop"), configuration: "", flavor: "envoy", requestOf: first },
      ...plugins.flatMap((p) => [
        {
          name: p.name,
          wasm: pluginWasm(p.name),
          configuration: p.bench.configuration,
          flavor: p.flavor,
          requestOf: p.name,
        },
        { name: `${p.name} (raw)`, wasm: baselineWasm(p.name), configuration: "", flavor: p.flavor, requestOf: p.name },
      ]),
    ],
    plan.instructionWarmup,
    plan.instructionRequests,
  );
  progress(`  per-request: instructions counted under callgrind in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return counts;
}

export function measurePerRequest(
  plugins: PluginUnderTest[],
  plan: Plan,
  progress: (line: string) => void,
): PerRequest {
  const request = plugins[0]?.bench.request;
  if (!request) throw new Error("per-request: no plugin is built");
  const noop = start(baselineWasm("noop"), "", { flavor: "envoy" });
  // Units are measured back to back; a plugin and its baseline form one unit.
  const units: Subject[][] = [
    [{ name: "no filter", run: (r) => driveStream([], r), times: [] }],
    [{ name: "no-op module", run: (r) => noop.run(r), times: [] }],
  ];
  const pairs = plugins.map((p) => {
    const sdk = start(pluginWasm(p.name), p.bench.configuration, p);
    const raw = start(baselineWasm(p.name), "", p);
    const pair: Subject[] = [
      { name: p.name, run: (r) => sdk.run(r), times: [] },
      { name: `${p.name} (raw)`, run: (r) => raw.run(r), times: [] },
    ];
    units.push(pair);
    return { p, pair, vms: [sdk, raw] };
  });
  const requestOf = (s: Subject) => pairs.find((x) => x.pair.includes(s))?.p.bench.request ?? request;

  for (const unit of units) for (const s of unit) for (let i = 0; i < 3; i++) timeBatch(s, requestOf(s), plan.batch);
  for (let round = 0; round < plan.rounds; round++) {
    // Rotate which unit goes first, and flip the order inside a unit every other round.
    for (let u = 0; u < units.length; u++) {
      const unit = units[(u + round) % units.length];
      const order = round % 2 ? [...unit].reverse() : unit;
      for (const s of order) s.times.push(timeBatch(s, requestOf(s), plan.batch));
    }
    if ((round + 1) % 5 === 0) progress(`  per-request: round ${round + 1}/${plan.rounds}`);
  }

  const instructions = instructionsOf(plugins, plan, progress);
  const ins = (name: string) => instructions?.get(name) ?? 0;
  const noopIns = ins("no-op module");

  const noFilterNs = median(units[0][0].times);
  const noopNs = median(units[1][0].times);
  const rows: PerRequestRow[] = pairs.map(({ p, pair: [sdk, raw], vms }) => {
    for (const vm of vms) if (vm.failed) throw new Error(`per-request: ${p.name} trapped: ${vm.hostLines.join("; ")}`);
    const sdkNs = median(sdk.times);
    const rawNs = median(raw.times);
    const calls = hostCallsOf(pluginWasm(p.name), p.bench.configuration, p);
    const rawCalls = hostCallsOf(baselineWasm(p.name), "", p);
    return {
      plugin: p.name,
      does: p.bench.does,
      sdkNs: round(sdkNs),
      rawNs: round(rawNs),
      ratio: round(median(sdk.times.map((t, i) => t / raw.times[i])), 3),
      pluginOnlyRatio: round((sdkNs - noopNs) / Math.max(1, rawNs - noopNs), 2),
      ...(instructions
        ? {
            instructionsPerRequest: ins(p.name),
            rawInstructionsPerRequest: ins(`${p.name} (raw)`),
            instructionRatio: round(ins(p.name) / ins(`${p.name} (raw)`), 3),
            pluginOnlyInstructionRatio: round(
              (ins(p.name) - noopIns) / Math.max(1, ins(`${p.name} (raw)`) - noopIns),
              3,
            ),
          }
        : {}),
      hostCalls: calls.counts,
      sameHostCalls: calls.sequence.join(" ") === rawCalls.sequence.join(" "),
    };
  });
  noop.close();
  for (const { vms } of pairs) for (const vm of vms) vm.close();
  const peers = peerRows(plugins, instructions);
  return {
    ...(peers.length ? { peers } : {}),
    batch: plan.batch,
    rounds: plan.rounds,
    noFilterNs: round(noFilterNs),
    noopNs: round(noopNs),
    ...(instructions
      ? {
          instructionRequests: plan.instructionRequests,
          noFilterInstructions: ins("no filter"),
          noopInstructions: noopIns,
        }
      : {}),
    plugins: rows,
  };
}
