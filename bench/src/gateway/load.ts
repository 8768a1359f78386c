// The load client: autocannon (pinned in package.json), in a process of its own, at full speed
// with a fixed number of keep-alive connections. Its JSON summary gives requests/s (the mean
// of its per-second samples) and latency percentiles in milliseconds.
import { createRequire } from "node:module";
import { runNode } from "./child.js";

const require = createRequire(import.meta.url);
const AUTOCANNON = require.resolve("autocannon/autocannon.js");
export const AUTOCANNON_VERSION: string = require("autocannon/package.json").version;

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  total: number;
}

/** `overallRate`: requests per second across all connections (autocannon -R), for a latency run below the peak. */
export async function load(
  url: string,
  connections: number,
  seconds: number,
  overallRate?: number,
): Promise<LoadResult> {
  const rate = overallRate ? ["--overallRate", String(Math.max(1, Math.round(overallRate)))] : [];
  const out = await runNode([
    AUTOCANNON,
    "--json",
    "--connections",
    String(connections),
    "--duration",
    String(seconds),
    ...rate,
    url,
  ]);
  const r = JSON.parse(out.slice(out.indexOf("{")));
  return {
    requestsPerSecond: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    total: r.requests.total,
  };
}
