// Instructions per request, counted by valgrind's callgrind: stable on a shared machine where
// wall-clock ratios move by 2x from run to run. One valgrind process runs every subject
// (engine/instruction-child.ts): per subject a warm-up, then N requests, then 2N, each window
// dumped on its own. Per request = (I(2N) - I(N)) / N, so what a window costs once (the marker
// and the scavenge before it) cancels out. Counted: the main thread (callgrind's
// --separate-threads, file -01), less V8's garbage collector (windowInstructions). Left out,
// because they land in whichever window they happen to fall in: V8's helper threads and JS
// heap collections. Checked on this machine: every window of 2N requests counted 2.00x its
// window of N, and the same subject twice in one run agreed within 0.2 %. Between runs with
// other N (quick 100, full 300) absolute counts moved by up to 8 % (the host's inline caches
// see other shapes in another order) and the SDK ÷ raw ratios by up to 0.02 (mock: 1.041,
// 1.052, 1.061 in three runs).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { InstructionPlan, InstructionSubject } from "../engine/instruction-child.js";

/**
 * Code tiers fixed from the first call, so no window runs code of another tier than the next:
 * wasm compiled by TurboFan at start (no Liftoff, no tier-up), JS compiled by Sparkplug at its
 * first call and never optimized (V8 would otherwise optimize the host's hot functions on a
 * background thread and install them in whichever window the compile ends). The cost: the
 * host's JS runs slower than in production, so the host's share of a request is larger and
 * whole-request ratios are closer to 1 than under TurboFan; pluginOnlyInstructionRatio
 * takes the host's fixed share (the no-op module's count) out of both sides.
 */
const V8_FLAGS = ["--no-liftoff", "--no-wasm-tier-up", "--no-opt", "--always-sparkplug"];

/**
 * A young generation large enough that no scavenge happens inside a window (requests through
 * the host allocate a few KiB of JS objects each); the child empties it before each marker.
 */
const SEMI_SPACE_MIB = 64;

const CHILD = fileURLToPath(new URL("../engine/instruction-child.js", import.meta.url));

/** Whether valgrind is installed (the bench says so and skips the counts when it is not). */
export function hasValgrind(): boolean {
  return spawnSync("valgrind", ["--version"], { encoding: "utf8" }).status === 0;
}

/**
 * A window's instructions without V8's garbage collector: the dump's total less the inclusive
 * cost of Heap::CollectGarbage (callgrind_annotate's figure). JS heap collections run when the
 * heap fills, not per request, so whether one falls in a window is chance; the plugin's own
 * collector runs in wasm and stays counted.
 */
function windowInstructions(file: string): number {
  const total = /^totals:\s+(\d+)/m.exec(readFileSync(file, "utf8"));
  if (!total) throw new Error(`instructions: no totals in ${file}`);
  const r = spawnSync("callgrind_annotate", ["--inclusive=yes", "--threshold=100", file], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`instructions: callgrind_annotate ${file}: ${r.stderr}`);
  let gc = 0;
  for (const line of r.stdout.split("\n")) {
    const m = /^\s*([\d,]+)\s.*:v8::internal::Heap::CollectGarbage\(/.exec(line);
    if (m) gc = Math.max(gc, Number(m[1].replace(/,/g, "")));
  }
  return Number(total[1]) - gc;
}

/** Instructions per request for each subject, by name. */
export function countInstructions(subjects: InstructionSubject[], warmup: number, n: number): Map<string, number> {
  const dir = mkdtempSync(join(tmpdir(), "gatewasm-callgrind-"));
  try {
    const planFile = join(dir, "plan.json");
    const plan: InstructionPlan = { subjects, warmup, n };
    writeFileSync(planFile, JSON.stringify(plan));
    mkdirSync(join(dir, "out"));
    const r = spawnSync(
      "valgrind",
      [
        "--tool=callgrind",
        "--separate-threads=yes",
        "--dump-before=uv_os_getpriority",
        `--callgrind-out-file=${join(dir, "out", "cg")}`,
        process.execPath,
        ...V8_FLAGS,
        "--expose-gc",
        `--min-semi-space-size=${SEMI_SPACE_MIB}`,
        `--max-semi-space-size=${SEMI_SPACE_MIB}`,
        CHILD,
        planFile,
      ],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.status !== 0)
      throw new Error(
        `instructions: valgrind exited ${r.status}: ${r.stderr
          .split("\n")
          .filter((l) => !l.startsWith("=="))
          .join("\n")
          .slice(-2000)}`,
      );
    // Dump k (1-based) ends at the k-th marker: subject i's windows are dumps 3i+1 (start-up and
    // warm-up), 3i+2 (N requests) and 3i+3 (2N requests).
    const totals = new Map<number, number>();
    for (const f of readdirSync(join(dir, "out"))) {
      const m = /^cg\.(\d+)-01$/.exec(f);
      if (m) totals.set(Number(m[1]), windowInstructions(join(dir, "out", f)));
    }
    const out = new Map<string, number>();
    subjects.forEach((s, i) => {
      const once = totals.get(3 * i + 2);
      const twice = totals.get(3 * i + 3);
      if (once === undefined || twice === undefined)
        throw new Error(`instructions: callgrind wrote no dump for ${s.name}'s windows`);
      out.set(s.name, Math.round((twice - once) / n));
    });
    return out;
  } finally {
    if (process.env.GATEWASM_KEEP_CALLGRIND) console.error(`callgrind dumps kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
