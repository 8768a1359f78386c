#!/usr/bin/env node
// `pnpm bench`: every benchmark in one process run, then bench/results.json and
// docs/benchmarks.md (or bench/out/ for --quick and --only). Exits 1 on a breach of an enforced
// goal (size over budget, a trap, memory growth, an over-admission), printing why.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { loadavg } from "node:os";
import { parseOptions, type Section } from "./options.js";
import { REPO } from "./paths.js";
import { PLUGINS, hasBaseline, isBuilt } from "./plugins.js";
import { breachesOf, evaluateGoals } from "./report/goals.js";
import { describeMachine } from "./report/machine.js";
import { renderMarkdown } from "./report/markdown.js";
import type { Results } from "./report/results.js";
import { replayCase } from "./sections/fuzz-case.js";
import { fuzzPlugin } from "./sections/fuzz.js";
import { measureGateway } from "./sections/gateway.js";
import { measurePerRequest } from "./sections/per-request.js";
import { measureRateLimit } from "./sections/rate-limit.js";
import { measureConfigure } from "./sections/configure.js";
import { measureSizes } from "./sections/size.js";
import { soakPlugin } from "./sections/soak.js";
import { measureStall } from "./sections/stall.js";

const options = parseOptions(process.argv.slice(2));
const log = (line: string) => console.log(line);

if (options.replay) {
  const { trapped, line } = replayCase(options.replay);
  log(line);
  process.exit(trapped ? 1 : 0);
}

const writeMarkdown = (r: Results) =>
  writeFileSync(
    options.markdownFile,
    renderMarkdown(r, { resultsLink: relative(dirname(options.markdownFile), options.resultsFile) }),
  );

if (options.render) {
  writeMarkdown(JSON.parse(readFileSync(options.resultsFile, "utf8")) as Results);
  log(`wrote ${relative(REPO, options.markdownFile)} from ${relative(REPO, options.resultsFile)}`);
  process.exit(0);
}

const { plan, sections } = options;
const loadStart = loadavg()[0];
const started = Date.now();
const built = PLUGINS.filter(isBuilt);
const notBuilt = PLUGINS.filter((p) => !isBuilt(p)).map((p) => p.name);
const results: Omit<Results, "goals" | "breaches"> = {
  mode: plan.mode,
  date: new Date().toISOString(),
  seconds: 0,
  machine: describeMachine(loadStart),
  notBuilt,
};
log(
  `gatewasm bench (${plan.mode}): ${sections.join(", ")}; plugins ${built.map((p) => p.name).join(", ")}${notBuilt.length ? `; not built, skipped: ${notBuilt.join(", ")}` : ""}`,
);
if (plan.mode === "quick") {
  log(
    `quick mode: ${plan.soakRequests.toLocaleString("en-US")} soak requests (warm-up ${plan.soakWarmup.toLocaleString("en-US")}), ≥ ${plan.fuzzInputs.toLocaleString("en-US")} fuzz inputs per plugin, ${plan.loadSeconds} s load runs, ${plan.windows} rate-limit windows of ${plan.windowSeconds} s`,
  );
}

async function run(section: Section): Promise<void> {
  const t0 = Date.now();
  log(`${section}…`);
  switch (section) {
    case "size":
      results.size = measureSizes(built);
      break;
    case "per-request":
      results.perRequest = measurePerRequest(built.filter(hasBaseline), plan, log);
      break;
    case "soak":
      results.soak = built.map((p, i) => soakPlugin(p, plan, plan.fuzzSeed + 100 + i, log));
      break;
    case "fuzz":
      results.fuzz = built.map((p, i) => fuzzPlugin(p, plan, plan.fuzzSeed + i, log));
      break;
    case "gateway":
      results.gateway = await measureGateway(built, plan, log);
      break;
    case "stall":
      results.stall = await measureStall(plan, log);
      break;
    case "ratelimit":
      results.rateLimit = await measureRateLimit(built, plan, log);
      break;
    case "configure":
      if (built.some((p) => p.name === "mock")) results.configure = await measureConfigure(plan, log);
      break;
  }
  log(`${section} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

for (const section of sections) await run(section);
results.seconds = Math.round((Date.now() - started) / 1000);
results.machine = describeMachine(loadStart);
const goals = evaluateGoals(results);
const final: Results = { ...results, goals, breaches: breachesOf(goals) };

mkdirSync(dirname(options.resultsFile), { recursive: true });
mkdirSync(dirname(options.markdownFile), { recursive: true });
writeFileSync(options.resultsFile, `${JSON.stringify(final, null, 2)}\n`);
writeMarkdown(final);
log(`\n${renderMarkdown(final, { goalsOnly: true })}`);
log(`wrote ${relative(REPO, options.resultsFile)} and ${relative(REPO, options.markdownFile)} in ${results.seconds} s`);
if (final.breaches.length > 0) {
  console.error(
    `\nFAILED: ${final.breaches.length} breach${final.breaches.length > 1 ? "es" : ""} of the design's goals:`,
  );
  for (const b of final.breaches) console.error(`  - ${b}`);
  process.exit(1);
}
