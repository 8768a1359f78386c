// Command-line options and the two modes. `full` (the default, also `--full`) is the run whose
// results are committed; `quick` is for CI (under 2 minutes on 2 cores) and writes to
// bench/out/ so it never overwrites the committed results unless `--out` says so.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BENCH, OUT, REPO } from "./paths.js";

const SECTIONS = ["size", "per-request", "soak", "fuzz", "gateway", "stall", "ratelimit", "configure"] as const;
export type Section = (typeof SECTIONS)[number];

export interface Plan {
  mode: "full" | "quick";
  /** Per-request: requests per timed batch, and rounds of interleaved batches. */
  batch: number;
  rounds: number;
  /** Per-request under callgrind (about 50x slower): warm-up requests, then N and 2N counted. */
  instructionWarmup: number;
  instructionRequests: number;
  /** Soak: requests per plugin, and how many of them are warm-up. */
  soakRequests: number;
  soakWarmup: number;
  /** Fuzz: generated inputs per plugin (at least), and how many configurations among them. */
  fuzzInputs: number;
  fuzzConfigs: number;
  fuzzSeed: number;
  /** Gateway: seconds per load run, rounds of (no filter, mock, redis-ratelimit), connections. */
  loadSeconds: number;
  loadRounds: number;
  connections: number;
  /** Seconds of a separate load run per gateway under V8's profiler (0: none), to say where the time goes. */
  profileSeconds: number;
  /** Rate limit: windows and their length. */
  windows: number;
  windowSeconds: number;
}

const PLANS: Record<Plan["mode"], Omit<Plan, "fuzzSeed">> = {
  full: {
    mode: "full",
    batch: 2_000,
    rounds: 40,
    instructionWarmup: 50,
    instructionRequests: 300,
    soakRequests: 1_000_000,
    soakWarmup: 100_000,
    fuzzInputs: 1_000_000,
    fuzzConfigs: 10_000,
    loadSeconds: 5,
    loadRounds: 4,
    connections: 50,
    profileSeconds: 5,
    windows: 10,
    windowSeconds: 2,
  },
  quick: {
    mode: "quick",
    batch: 1_000,
    rounds: 9,
    instructionWarmup: 20,
    instructionRequests: 100,
    soakRequests: 100_000,
    soakWarmup: 20_000,
    fuzzInputs: 100_000,
    fuzzConfigs: 2_000,
    loadSeconds: 3,
    loadRounds: 1,
    connections: 50,
    profileSeconds: 0,
    windows: 10,
    windowSeconds: 1,
  },
};

export interface Options {
  plan: Plan;
  sections: Section[];
  /** Where results.json and benchmarks.md go. */
  resultsFile: string;
  markdownFile: string;
  /** A saved fuzz failure to run again instead of benchmarking. */
  replay: string | null;
  /** Only write the Markdown again from the results file (after a change to the report's wording). */
  render: boolean;
}

const USAGE = `pnpm bench [--quick | --full] [--only size,per-request,soak,fuzz,gateway,stall,ratelimit,configure] [--seed N] [--out DIR] [--replay FILE] [--render]
  (default)  the full run: bench/results.json and docs/benchmarks.md (about 10 minutes on 2 cores)
  --quick    the CI run (under 2 minutes): smaller counts, results in bench/out/
  --only     some sections; results go to bench/out/ unless --out is given
  --out DIR  write DIR/results.json and DIR/benchmarks.md
  --replay   run one saved fuzz failure (bench/out/fuzz-failures/*.json) and say whether it traps
  --render   write the Markdown again from the results file, running nothing`;

export function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      full: { type: "boolean", default: false },
      only: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      replay: { type: "string" },
      render: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.quick && values.full) throw new Error("--quick and --full exclude each other");
  const mode = values.quick ? "quick" : "full";
  const sections = values.only ? values.only.split(",").map((s) => s.trim()) : [...SECTIONS];
  for (const s of sections)
    if (!(SECTIONS as readonly string[]).includes(s))
      throw new Error(`unknown section ${s}; the sections are ${SECTIONS.join(", ")}`);
  const partial = sections.length < SECTIONS.length;
  const outDir = values.out ?? (mode === "quick" || partial ? OUT : null);
  return {
    plan: { ...PLANS[mode], fuzzSeed: values.seed ? Number(values.seed) : 20260101 },
    sections: sections as Section[],
    resultsFile: outDir ? join(outDir, "results.json") : join(BENCH, "results.json"),
    markdownFile: outDir ? join(outDir, "benchmarks.md") : join(REPO, "docs", "benchmarks.md"),
    replay: values.replay ?? null,
    render: values.render ?? false,
  };
}
