// The machine a run happened on, for the report: timings only compare within one run.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import type { Machine } from "./results.js";

export function describeMachine(loadStart: number): Machine {
  const require = createRequire(import.meta.url);
  const asc = JSON.parse(readFileSync(require.resolve("assemblyscript/package.json"), "utf8")) as { version: string };
  const list = cpus();
  return {
    cpus: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    assemblyscript: asc.version,
    loadStart: Math.round(loadStart * 100) / 100,
    loadEnd: Math.round(loadavg()[0] * 100) / 100,
  };
}
