// docs/benchmarks.md from one run's results: the goals first, then one table per benchmark with
// the method in a sentence or two. Everything here is derived from results.json.
import type { Results } from "./results.js";

const n = (v: number) => v.toLocaleString("en-US");
const ms = (v: number) => v.toFixed(v < 10 ? 2 : 1);
const yes = (v: boolean | null) => (v === null ? "not measured" : v ? "yes" : "**no**");
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join(
    "\n",
  );

function goals(r: Results): string {
  return table(
    ["what", "goal", "this run", "met", "fails the run"],
    r.goals.map((g) => [g.what, g.target, g.value, yes(g.met), g.enforced ? "yes" : "no (timing)"]),
  );
}

function size(r: Results): string {
  if (!r.size) return "";
  return `## Size

The release \`.wasm\` as shipped (\`build/plugin.wasm\`), and gzip -9 of it. "Raw ABI" is the
hand-written baseline of the same behaviour (\`bench/baselines/\`, same runtime and flags, no SDK).

${table(
  ["plugin", "bytes", "gzip", "budget", "raw-ABI baseline", "SDK's share"],
  r.size.map((s) => [
    s.plugin,
    n(s.bytes),
    n(s.gzipBytes),
    n(s.budgetBytes),
    s.baselineBytes === null ? "–" : n(s.baselineBytes),
    s.baselineBytes === null ? "–" : n(s.bytes - s.baselineBytes),
  ]),
)}
`;
}

function configure(r: Results): string {
  const c = r.configure;
  if (!c) return "";
  const rows = (label: string, list: typeof c.rules) => list.map((x) => [label, n(x.items), n(x.bytes), ms(x.ms)]);
  return `## Configure time

The mock plugin loaded, started and configured in the test host (median of ${c.runs} run${c.runs > 1 ? "s" : ""}; with
\`{}\`: ${ms(c.emptyMs)} ms), with N \`_rules_\` entries and with one header list of N values. Per
doubling of N: rules ${c.rulesPerDoubling.toFixed(2)}×, list ${c.listPerDoubling.toFixed(2)}× (linear is 2×, quadratic 4×).
\`gatewasm run\` until it listens: ${ms(c.gateway.noneMs)} ms with no rules, ${ms(c.gateway.manyMs)} ms with ${n(c.gateway.rules)}.

${table(["shape", "N", "config bytes", "ms"], [...rows("_rules_", c.rules), ...rows("list", c.list)])}
`;
}

function peers(p: NonNullable<Results["perRequest"]>): string {
  if (!p.peers?.length) return "";
  return `The peer side by side: the same add-one-header plugin (\`hello: world\` on every request, what
mock does for this request; sources in \`bench/peers/\`) on gatewasm's SDK and on solo-io's
proxy-runtime, in the same run and host; ratio to mock's raw-ABI baseline, which makes the same host call.

${table(
  ["module", "built with", "bytes", "gzip", "instructions", "vs raw ABI", "host calls"],
  p.peers.map((x) => [
    x.name,
    x.built,
    n(x.bytes),
    n(x.gzipBytes),
    x.instructionsPerRequest === undefined ? "–" : n(x.instructionsPerRequest),
    x.instructionRatio === undefined ? "–" : `${x.instructionRatio.toFixed(3)}×`,
    Object.entries(x.hostCalls)
      .map(([k, v]) => `${k.replace(/^proxy_/, "")}${v > 1 ? ` ×${v}` : ""}`)
      .join(", "),
  ]),
)}
`;
}

function instructions(p: NonNullable<Results["perRequest"]>): string {
  if (p.instructionRequests === undefined) return "Instructions: not counted (valgrind is not installed).\n";
  return `Instructions per request (valgrind callgrind, the budget CI enforces: ratio ≤ 1.15×), one
process for every module: per module a warm-up, then ${n(p.instructionRequests)} and ${n(2 * p.instructionRequests)} requests, each window
dumped on its own; per request = (I(2N) - I(N)) / N. Counted: the main thread, less V8's garbage
collector (its collections fall where the JS heap fills, not per request). Code tiers are fixed
from the first call (wasm by TurboFan, the host's JS by Sparkplug and never optimized), so no
window runs code of another tier; the host's JS is then slower than in production, which makes
whole-request ratios closer to 1. "plugin-only" subtracts the no-op module's count from both
sides (${n(p.noopInstructions ?? 0)} per request; no filter at all: ${n(p.noFilterInstructions ?? 0)}), leaving the module's code and its host calls.

${table(
  ["plugin", "SDK instructions", "raw instructions", "ratio", "plugin-only"],
  p.plugins.map((x) => [
    x.plugin,
    n(x.instructionsPerRequest ?? 0),
    n(x.rawInstructionsPerRequest ?? 0),
    `${(x.instructionRatio ?? 0).toFixed(3)}×`,
    `${(x.pluginOnlyInstructionRatio ?? 0).toFixed(2)}×`,
  ]),
)}
`;
}

function perRequest(r: Results): string {
  const p = r.perRequest;
  if (!p) return "";
  return `## Per-request cost

One request (\`GET /get\` with the headers curl and Envoy give it) through the host's stream path
(FilterManager and the wasm filter: create, request headers, callouts answered, response headers,
log, done, delete), for each plugin and its raw-ABI baseline, which makes the same host calls in
the same order (checked here and in \`bench/test\`). Batches of ${n(p.batch)} requests, ${p.rounds} rounds,
interleaved (plugin then baseline, baseline then plugin the next round); medians. "ratio" is the
median of the back-to-back pairs' ratios; "plugin-only" subtracts the no-op module's time from
both, leaving what the module and its host calls cost.

Host overhead: **${n(p.noFilterNs)} ns** per request for the stream machinery with no filter,
**${n(p.noopNs)} ns** with the no-op module (every callback, no host call), so a wasm filter
costs the host about ${n(Math.round(p.noopNs - p.noFilterNs))} ns per request before the plugin does anything.

${instructions(p)}
${peers(p)}
Wall clock (information only: it moves from run to run on this shared machine):

${table(
  ["plugin", "the request", "SDK ns", "raw ns", "ratio", "plugin-only", "host calls", "same calls"],
  p.plugins.map((x) => [
    x.plugin,
    x.does,
    n(x.sdkNs),
    n(x.rawNs),
    `${x.ratio.toFixed(2)}×`,
    `${x.pluginOnlyRatio.toFixed(2)}×`,
    Object.entries(x.hostCalls)
      .map(([k, v]) => `${k.replace(/^proxy_/, "")}${v > 1 ? ` ×${v}` : ""}`)
      .join(", "),
    x.sameHostCalls ? "yes" : "**no**",
  ]),
)}
`;
}

function soak(r: Results): string {
  if (!r.soak) return "";
  return `## Memory soak

One VM per plugin, a configuration with \`_rules_\`, requests drawn from ${n(3000)} generated ones
(methods, paths, domains and routes that hit the rules, 0-24 extra headers up to 1.5 KB, bodies up
to 64 KiB, varied responses), callouts answered with the whole range a service gives (tokens,
errors, Envoy's timeout and connect-failure replies, resets; window counts over and under the
limit, Redis errors, network failures). Linear memory is read after the warm-up and at the end.

${table(
  ["plugin", "requests", "warm-up", "pages after warm-up", "pages at end", "growth", "client statuses", "seconds"],
  r.soak.map((s) => [
    s.plugin,
    n(s.requests),
    n(s.warmup),
    s.pagesAfterWarmup,
    s.pagesAtEnd,
    s.trapped ? "trapped" : s.pagesAtEnd - s.pagesAfterWarmup,
    Object.entries(s.statuses)
      .map(([k, v]) => `${k === "0" ? "reset" : k}: ${n(v)}`)
      .join(", "),
    s.seconds,
  ]),
)}
`;
}

function fuzz(r: Results): string {
  if (!r.fuzz) return "";
  return `## Fuzz

Seeded and reproducible. Configurations: the plugin's example configs taken apart and put back
wrong (keys dropped or given other types and extreme values, odd \`_rules_\`, unknown keys), half
of them then damaged as text (truncated, flipped bytes, invalid UTF-8, deep nesting, BOM); each
starts a VM and, if accepted, gets a request. Requests: hostile header maps (up to ~1,600 pairs,
values up to 256 KiB, CR/LF/NUL, controls, lone surrogates, bad names, odd pseudo-headers),
bodies of random bytes (sometimes past 1 MiB), http-call answers (any status, hostile headers,
random bodies, no \`:status\`, Envoy's failures) and Redis replies (random RESP, lying lengths,
huge counts, truncations, random bytes, failures). Inputs count what reached the plugin:
configurations, header maps, bodies, callout answers, upstream responses. A trap saves its input
to \`bench/out/fuzz-failures/\` (\`pnpm bench --replay FILE\` runs it again).

Not covered: invalid UTF-8 inside *header* values. The host keeps header maps as strings (lone
surrogates arrive as U+FFFD), so such bytes reach plugins only through bodies, callout answers
and configurations, where the fuzz sends them.

${table(
  ["plugin", "inputs", "configurations (accepted)", "requests", "callout answers", "traps", "seed", "seconds"],
  r.fuzz.map((f) => [
    f.plugin,
    n(f.inputs),
    `${n(f.configurations)} (${n(f.configurationsAccepted)})`,
    n(f.requests),
    n(f.callAnswers),
    f.traps ? `**${f.traps}**` : 0,
    f.seed,
    f.seconds,
  ]),
)}
`;
}

/** The issue's comparisons in one line each, from the rows present. */
function gatewayRatios(g: NonNullable<Results["gateway"]>): string {
  const row = (name: string) => g.rows.find((x) => x.name === name);
  const none = row("no filter");
  const lines: string[] = [];
  const pair = (what: string, a: string, b: string) => {
    const x = row(a);
    const y = row(b);
    if (!x || !y || y.requestsPerSecond === 0) return;
    const cpu =
      x.cpuUsPerRequest != null && y.cpuUsPerRequest != null && y.cpuUsPerRequest > 0
        ? `, ${(x.cpuUsPerRequest / y.cpuUsPerRequest).toFixed(2)}× the CPU per request`
        : "";
    lines.push(`- ${what}: ${(x.requestsPerSecond / y.requestsPerSecond).toFixed(2)}× the throughput${cpu}`);
  };
  if (!none) return "";
  pair("no filter vs upstream direct", "no filter", "upstream direct");
  pair("no filter vs the plain Node proxy", "no filter", "plain Node proxy");
  pair("mock vs no filter", "mock", "no filter");
  pair("mock on 2 workers vs 1", "mock, 2 workers", "mock");
  pair("mock on 4 workers vs 1", "mock, 4 workers", "mock");
  return lines.length ? `\n${lines.join("\n")}\n` : "";
}

function gateway(r: Results): string {
  const g = r.gateway;
  if (!g) return "";
  return `## Gateway throughput

${g.setup}

${table(
  ["target", "requests/s", "× no filter", "CPU µs / request", "p50 ms", "p99 ms", "non-2xx", "errors", "each round"],
  g.rows.map((x) => [
    x.name,
    n(Math.round(x.requestsPerSecond)),
    `${x.ratio.toFixed(2)}×`,
    x.cpuUsPerRequest == null ? "—" : x.cpuUsPerRequest.toFixed(1),
    ms(x.p50Ms),
    ms(x.p99Ms),
    n(x.non2xx),
    n(x.errors),
    x.rounds.map((v) => n(Math.round(v))).join(", "),
  ]),
)}
${gatewayRatios(g)}${g.halfLoad ? `\nBelow saturation: ${g.halfLoad.name} at half its peak (${n(g.halfLoad.peakRequestsPerSecond)} req/s), ${g.halfLoad.connections} connections: ${n(g.halfLoad.requestsPerSecond)} req/s, p50 ${ms(g.halfLoad.p50Ms)} ms, p99 ${ms(g.halfLoad.p99Ms)} ms, ${n(g.halfLoad.errors)} errors.\n` : ""}
${g.profile ? profileTable(g.profile) : ""}${g.skipped.length ? `\nSkipped: ${g.skipped.join("; ")}.\n` : ""}`;
}

function stall(r: Results): string {
  const s = r.stall;
  if (!s) return "";
  return `## Stalled connections

${s.setup}

${table(
  [
    "stall",
    "connections",
    "body MiB",
    "RSS before MiB",
    "RSS at plateau MiB",
    "RSS after close MiB",
    "after a 2nd round MiB",
    "MiB per connection",
    "moved MiB",
  ],
  s.rows.map((x) => [
    x.name,
    x.connections,
    x.bodyMiB,
    x.rssBeforeMiB,
    x.rssPeakMiB,
    x.rssAfterMiB,
    x.rssAfterSecondMiB,
    x.growthPerConnectionMiB,
    x.peerBytesMiB,
  ]),
)}
`;
}

function profileTable(p: NonNullable<NonNullable<Results["gateway"]>["profile"]>): string {
  const categories = Object.keys(p.rows[0]?.cpuUsPerRequest ?? {});
  const total = (r: (typeof p.rows)[number]) => Object.values(r.cpuUsPerRequest).reduce((a, b) => a + b, 0);
  return `
Where the gateway's time goes: each gateway alone for ${p.seconds} s under V8's sampling profiler (a
separate run; the profiler slows it), main-thread CPU per request by what ran (idle excluded).

${table(
  ["gateway", "requests", ...categories.map((c) => `${c} µs`), "total µs"],
  p.rows.map((r) => [
    r.name,
    n(r.requests),
    ...categories.map((c) => r.cpuUsPerRequest[c].toFixed(1)),
    total(r).toFixed(1),
  ]),
)}
${p.rows
  .slice(1)
  .map((r) => {
    const base = p.rows[0];
    const deltas = categories
      .map((c) => [c, r.cpuUsPerRequest[c] - base.cpuUsPerRequest[c]] as const)
      .sort((a, b) => b[1] - a[1]);
    return `\nWith ${r.name}, a request costs the gateway ${(total(r) - total(base)).toFixed(1)} µs more than with no filter: ${deltas
      .filter(([, d]) => d >= 0.5)
      .map(([c, d]) => `${c} +${d.toFixed(1)}`)
      .join(", ")}.`;
  })
  .join("\n")}
`;
}

function rateLimit(r: Results): string {
  const rl = r.rateLimit;
  if (!rl) return "";
  if ("skipped" in rl) return `## Rate-limit accuracy\n\nSkipped: ${rl.skipped}.\n`;
  return `## Rate-limit accuracy

The redis-ratelimit issue's exactness test, repeated: the gateway with ${rl.vms} workers (${rl.vms} VMs
counting in one real \`redis-server\`), ${rl.clients} concurrent keep-alive clients sending
\`GET /get\` as fast as they can for ${rl.fullWindows} windows of ${rl.windowSeconds} s (and the first moments
of the next) against \`qpm: ${rl.qpm}\`. Each answer's \`timeStamp\` header (the window start, from Redis's clock) says
which window counted it. Over-admissions: requests admitted beyond \`qpm\` in a window, summed.
A 200 without a window is the plugin failing open (its default \`failurePolicy\`) because Redis
answered after its ${rl.timeoutMs ?? 1000} ms timeout, as a loaded machine can make it: counted apart, each matched
to the gateway's log line for it, and not an over-admission (one without a log line would be).

**${rl.overAdmissions} over-admissions** in ${n(rl.requests)} requests (${rl.errors} client errors);
${rl.exactWindows} of ${rl.fullWindows} fully covered windows admitted exactly ${rl.qpm}.
${rl.failOpen ?? 0} fail-open answers (Redis timeouts), ${rl.failOpenLogged ?? 0} of them in the gateway's log.

${table(
  ["window start", "admitted", "rejected (429)", "covered in full"],
  rl.windows.map((w) => [w.windowStart, n(w.admitted), n(w.rejected), w.full ? "yes" : "partly"]),
)}
`;
}

/** `resultsLink`: results.json relative to where the Markdown is written. */
export function renderMarkdown(r: Results, options: { goalsOnly?: boolean; resultsLink?: string } = {}): string {
  if (options.goalsOnly) return goals(r);
  const m = r.machine;
  return `# Benchmarks

Generated by \`pnpm bench\` (${r.mode} mode) on ${r.date.slice(0, 10)} in ${r.seconds} s: ${m.cores} × ${m.cpus},
${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, AssemblyScript ${m.assemblyscript}. The machine is shared:
1-minute load average ${m.loadStart} at the start, ${m.loadEnd} at the end. Timings compare only
within this run; the raw numbers are in [\`bench/results.json\`](../bench/results.json).
${r.notBuilt.length ? `\nNot built, so not measured: ${r.notBuilt.join(", ")}.\n` : ""}
\`pnpm bench\` runs everything (about 10 minutes on 2 cores); \`pnpm bench --quick\` is the CI run
(under 2 minutes, smaller counts, results in \`bench/out/\`), which fails on a breach of an
enforced goal. Sources: \`bench/\`.

## Goals

${goals(r)}

${[size(r), perRequest(r), soak(r), fuzz(r), gateway(r), stall(r), rateLimit(r), configure(r)].filter(Boolean).join("\n")}`;
}
