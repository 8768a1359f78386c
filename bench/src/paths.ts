// Where things are, from the compiled runner (bench/dist/*.js): the repository root and the
// files the benchmarks read and write.
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const BENCH = join(REPO, "bench");
/** Scratch output: quick runs, fuzz failures, generated envoy.yaml files. Ignored by git. */
export const OUT = join(BENCH, "out");
export const FUZZ_FAILURES = join(OUT, "fuzz-failures");

export const pluginWasm = (name: string) => join(REPO, "plugins", name, "build", "plugin.wasm");
export const baselineWasm = (name: string) => join(BENCH, "build", "baselines", `${name}.wasm`);
export const peerWasm = (name: string) => join(BENCH, "build", "peers", `${name}.wasm`);
