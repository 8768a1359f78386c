// What fails a run: enforced goals only (sizes, traps, memory growth, over-admission), never a
// timing; and the reason is printed.
import { describe, expect, it } from "vitest";
import { breachesOf, evaluateGoals } from "../src/report/goals.js";
import type { Results } from "../src/report/results.js";

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

describe("goals", () => {
  it("a size over budget, a trap, memory growth and an over-admission are breaches", () => {
    const goals = evaluateGoals({
      ...base,
      size: [{ plugin: "hello-world", bytes: 9000, gzipBytes: 4000, budgetBytes: 8192, baselineBytes: 4000 }],
      soak: [
        {
          plugin: "mock",
          requests: 10,
          warmup: 5,
          pagesAfterWarmup: 1,
          pagesAtEnd: 2,
          statuses: {},
          trapped: false,
          seconds: 1,
        },
      ],
      fuzz: [
        {
          plugin: "http-call",
          seed: 1,
          configurations: 1,
          configurationsAccepted: 1,
          requests: 1,
          inputs: 2,
          callAnswers: 0,
          traps: 1,
          failures: ["bench/out/fuzz-failures/x.json"],
          seconds: 1,
        },
      ],
      rateLimit: {
        vms: 4,
        clients: 200,
        qpm: 100,
        windowSeconds: 1,
        windows: [],
        overAdmissions: 3,
        exactWindows: 0,
        fullWindows: 10,
        requests: 10,
        errors: 0,
      },
    });
    const breaches = breachesOf(goals);
    expect(breaches).toHaveLength(4);
    expect(breaches.join("\n")).toContain("bench/out/fuzz-failures/x.json");
  });

  it("a stalled connection costing 16 MiB or more of gateway RSS is a breach", () => {
    const row = {
      name: "slow readers",
      connections: 10,
      bodyMiB: 50,
      rssBeforeMiB: 60,
      rssPeakMiB: 100,
      rssAfterMiB: 95,
      rssAfterSecondMiB: 95,
      peerBytesMiB: 90,
    };
    const goals = evaluateGoals({
      ...base,
      stall: {
        budgetMiB: 16,
        setup: "",
        rows: [
          { ...row, growthPerConnectionMiB: 4 },
          { ...row, name: "uploads", growthPerConnectionMiB: 16 },
        ],
      },
    });
    expect(breachesOf(goals)).toEqual(["gateway RSS per stalled connection, uploads: 16 MiB (goal < 16 MiB)"]);
  });

  it("timings are reported, never breaches", () => {
    const goals = evaluateGoals({
      ...base,
      perRequest: {
        batch: 1,
        rounds: 1,
        noFilterNs: 1,
        noopNs: 2,
        plugins: [
          {
            plugin: "mock",
            does: "",
            sdkNs: 9,
            rawNs: 3,
            ratio: 3,
            pluginOnlyRatio: 7,
            hostCalls: {},
            sameHostCalls: true,
          },
        ],
      },
      gateway: {
        tool: "t",
        connections: 1,
        seconds: 1,
        rounds: 1,
        setup: "",
        profile: null,
        skipped: [],
        rows: [
          { name: "mock", requestsPerSecond: 1, ratio: 0.1, p50Ms: 1, p99Ms: 1, non2xx: 0, errors: 0, rounds: [1] },
        ],
      },
    });
    expect(goals.filter((g) => g.met === false)).toHaveLength(2);
    expect(breachesOf(goals)).toEqual([]);
  });

  it("instructions per request over 1.15x the raw ABI's are a breach (a wall-clock ratio never is)", () => {
    const row = {
      does: "",
      sdkNs: 9,
      rawNs: 3,
      ratio: 3,
      pluginOnlyRatio: 7,
      hostCalls: {},
      sameHostCalls: true,
      pluginOnlyInstructionRatio: 2,
    };
    const goals = evaluateGoals({
      ...base,
      perRequest: {
        batch: 1,
        rounds: 1,
        noFilterNs: 1,
        noopNs: 2,
        instructionRequests: 100,
        noFilterInstructions: 10,
        noopInstructions: 20,
        plugins: [
          {
            ...row,
            plugin: "mock",
            instructionsPerRequest: 116,
            rawInstructionsPerRequest: 100,
            instructionRatio: 1.16,
          },
          {
            ...row,
            plugin: "hello-world",
            instructionsPerRequest: 115,
            rawInstructionsPerRequest: 100,
            instructionRatio: 1.15,
          },
        ],
      },
    });
    expect(breachesOf(goals)).toEqual(["mock instructions per request vs raw ABI: 1.160× (goal ≤ 1.15×)"]);
  });
});
