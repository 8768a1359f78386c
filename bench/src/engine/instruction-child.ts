// Runs under valgrind's callgrind (sections/instructions.ts starts it): each subject's
// requests in three windows (warm-up, N, 2N), with a marker between windows. The marker is
// `os.getPriority()`, a libuv call nothing else in this process makes; callgrind is told to
// dump its counters when it is entered, so each window's instructions land in a dump file of
// their own. Start-up, compilation and warm-up fall in the first window and are not counted.
import { readFileSync } from "node:fs";
import { getPriority } from "node:os";
import { BenchVm, driveStream, type BenchRequest } from "./bench-vm.js";
import { PLUGINS } from "../plugins.js";

/** One thing to count: a module (or no filter at all) and which plugin's request it gets. */
export interface InstructionSubject {
  name: string;
  /** null: the host's stream machinery with no filter. */
  wasm: string | null;
  configuration: string;
  flavor: "envoy" | "higress";
  /** Whose benchmarked request (plugins.ts). */
  requestOf: string;
  rootId?: string;
}

export interface InstructionPlan {
  subjects: InstructionSubject[];
  warmup: number;
  n: number;
}

// A young-generation collection before each marker: every window starts with an empty nursery,
// large enough (see instructions.ts) that the window itself never collects, and ends with one
// scavenge of what little is still live, alike for N and 2N (it cancels out).
const gc = (globalThis as { gc?: (o: { type: string }) => void }).gc ?? (() => undefined);
const marker = () => {
  gc({ type: "minor" });
  getPriority();
};

function runSubject(s: InstructionSubject, plan: InstructionPlan): void {
  const request: BenchRequest | undefined = PLUGINS.find((p) => p.name === s.requestOf)?.bench.request;
  if (!request) throw new Error(`instructions: no benchmarked request for ${s.requestOf}`);
  const vm =
    s.wasm === null
      ? null
      : BenchVm.start({
          wasm: readFileSync(s.wasm),
          configuration: s.configuration,
          flavor: s.flavor,
          rootId: s.rootId,
        });
  const one = vm ? () => vm.run(request) : () => driveStream([], request);
  for (let i = 0; i < plan.warmup; i++) one();
  marker();
  for (let i = 0; i < plan.n; i++) one();
  marker();
  for (let i = 0; i < 2 * plan.n; i++) one();
  marker();
  if (vm?.failed) throw new Error(`instructions: ${s.name} trapped: ${vm.hostLines.join("; ")}`);
  vm?.close();
}

const plan: InstructionPlan = JSON.parse(readFileSync(process.argv[2], "utf8"));
for (const s of plan.subjects) runSubject(s, plan);
