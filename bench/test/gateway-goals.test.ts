// The local-gateway issue's goals: reported from the rows a run has, never breaches.
import { describe, expect, it } from "vitest";
import { breachesOf, evaluateGoals } from "../src/report/goals.js";
import type { LoadRow, Results } from "../src/report/results.js";

const base: Omit<Results, "goals" | "breaches"> = {
  mode: "quick",
  date: "2026-01-01T00:00:00Z",
  seconds: 1,
  notBuilt: [],
  machine: {
    cpus: "cpu",
    cores: 2,
    memoryGiB: 4,
    os: "Linux",
    node: "v20",
    assemblyscript: "0.28.20",
    loadStart: 0,
    loadEnd: 0,
  },
};
const row = (name: string, requestsPerSecond: number, ratio = 1): LoadRow => ({
  name,
  requestsPerSecond,
  ratio,
  p50Ms: 1,
  p99Ms: 2,
  non2xx: 0,
  errors: 0,
  rounds: [requestsPerSecond],
  cpuUsPerRequest: 100,
});

describe("gateway goals", () => {
  it("compares no filter with the Node proxy, 2 workers with 1, and the p99 below saturation", () => {
    const goals = evaluateGoals({
      ...base,
      gateway: {
        tool: "t",
        connections: 50,
        seconds: 1,
        rounds: 1,
        setup: "",
        profile: null,
        skipped: [],
        rows: [
          row("plain Node proxy", 1000),
          row("no filter", 1100),
          row("mock", 1000, 0.91),
          row("mock, 2 workers", 1200, 1.09),
        ],
        halfLoad: {
          name: "mock, 4 workers",
          connections: 200,
          peakRequestsPerSecond: 1000,
          requestsPerSecond: 500,
          p50Ms: 3,
          p99Ms: 60,
          errors: 0,
        },
      },
    });
    const byWhat = Object.fromEntries(goals.map((g) => [g.what, g]));
    expect(byWhat["gateway throughput, no filter vs a plain Node proxy"]).toMatchObject({
      value: "1.10×",
      met: true,
      enforced: false,
    });
    expect(byWhat["gateway throughput, mock on 2 workers vs 1"]).toMatchObject({
      value: "1.20×",
      met: false,
      enforced: false,
    });
    expect(byWhat["gateway p99 at half its peak, mock, 4 workers, 200 connections"]).toMatchObject({
      value: "60 ms",
      met: false,
      enforced: false,
    });
    expect(breachesOf(goals)).toEqual([]);
  });
});
