// One fuzz input that trapped, saved as JSON (bytes as base64) so it can be replayed:
// `pnpm bench --replay bench/out/fuzz-failures/<file>.json` starts the plugin with the saved
// configuration and runs the saved request, and says whether it still traps.
import { readFileSync, writeFileSync } from "node:fs";
import type { HttpCalloutResult, RedisCallResult } from "@gatewasm/host/internal";
import { BenchVm, StartFailure, type BenchRequest } from "../engine/bench-vm.js";
import { pluginWasm } from "../paths.js";
import { PLUGINS } from "../plugins.js";

export interface FuzzCase {
  plugin: string;
  seed: number;
  kind: "config" | "request";
  index: number;
  /** base64 of the configuration bytes. */
  configuration: string;
  request: BenchRequest | null;
}

const b64 = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString("base64") : null);
const unb64 = (s: string | null) => (s === null ? null : Buffer.from(s, "base64"));

function encodeHttp(a: HttpCalloutResult | undefined) {
  return a?.kind === "response" ? { ...a, body: b64(a.body) } : a;
}

export function saveCase(file: string, c: FuzzCase, hostLines: string[]): void {
  const r = c.request;
  const request = r && {
    ...r,
    body: b64(r.body),
    responseBody: b64(r.responseBody),
    httpAnswer: encodeHttp(r.httpAnswer),
    redisAnswer: r.redisAnswer?.status === 0 ? { status: 0, reply: b64(r.redisAnswer.reply) } : r.redisAnswer,
  };
  writeFileSync(file, JSON.stringify({ ...c, request, hostLines }, null, 1));
}

// biome-ignore lint/suspicious/noExplicitAny: a case file's JSON, turned back into a BenchRequest field by field below.
function loadRequest(r: Record<string, any> | null): BenchRequest | null {
  if (!r) return null;
  const http = r.httpAnswer?.kind === "response" ? { ...r.httpAnswer, body: unb64(r.httpAnswer.body) } : r.httpAnswer;
  const redis: RedisCallResult | undefined =
    r.redisAnswer?.status === 0 ? { status: 0, reply: unb64(r.redisAnswer.reply)! } : r.redisAnswer;
  return {
    ...r,
    body: unb64(r.body),
    responseBody: unb64(r.responseBody),
    httpAnswer: http,
    redisAnswer: redis,
  } as BenchRequest;
}

/** Runs a saved case; returns what happened, in a line. */
export function replayCase(file: string): { trapped: boolean; line: string } {
  const c = JSON.parse(readFileSync(file, "utf8"));
  const p = PLUGINS.find((x) => x.name === c.plugin);
  if (!p) throw new Error(`${file}: unknown plugin ${c.plugin}`);
  const configuration = Buffer.from(c.configuration, "base64");
  let vm: BenchVm;
  try {
    vm = BenchVm.start({ wasm: readFileSync(pluginWasm(p.name)), configuration, flavor: p.flavor });
  } catch (e) {
    if (!(e instanceof StartFailure)) throw e;
    return {
      trapped: e.trapped,
      line: `${p.name}: start ${e.trapped ? "TRAPPED" : "refused the configuration"}: ${e.hostLines.at(-1) ?? e.message}`,
    };
  }
  const request = loadRequest(c.request);
  if (request) vm.run(request);
  const line = vm.failed ? `${p.name}: request TRAPPED: ${vm.hostLines.at(-1)}` : `${p.name}: no trap`;
  const trapped = vm.failed;
  vm.close();
  return { trapped, line };
}
