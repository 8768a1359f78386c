// Metrics (Envoy context.cc defineMetric/incrementMetric/recordMetric/getMetric), ticks
// (cpp-host setTimerPeriod), time, logging and the log level.
import { describe, expect, it } from "vitest";
import { MetricType } from "../src/internal.js";
import { badSlots, call, callbacks, last, results, resultsOf, save, saved, scripted } from "./support/script.js";

describe("metrics", () => {
  it("numbers metrics by 4 with the type in the low bits", async () => {
    const host = await scripted({
      configure: [
        call("define_metric", MetricType.Counter, "c1"),
        call("define_metric", MetricType.Gauge, "g1"),
        call("define_metric", MetricType.Histogram, "h1"),
        call("define_metric", MetricType.Counter, "c2"),
        call("define_metric", 3, "bad"),
      ],
    });
    expect(results(host).map((r) => [r.rc, r.u])).toEqual([
      [0, 4],
      [0, 5],
      [0, 6],
      [0, 8],
      [2, 0],
    ]);
  });

  it("increments counters by positive amounts only, lets gauges go down, and records", async () => {
    const host = await scripted({
      configure: [
        call("define_metric", MetricType.Counter, "requests"),
        save(0, last),
        call("define_metric", MetricType.Gauge, "inflight"),
        save(1, last),
        call("define_metric", MetricType.Histogram, "latency"),
        save(2, last),
        call("increment_metric", saved(0), 5n),
        call("increment_metric", saved(0), 0n),
        call("increment_metric", saved(0), -1n),
        call("record_metric", saved(0), 10n),
        call("get_metric", saved(0)),
        call("increment_metric", saved(1), 7n),
        call("increment_metric", saved(1), -2n),
        call("get_metric", saved(1)),
        call("record_metric", saved(1), 42n),
        call("get_metric", saved(1)),
        call("record_metric", saved(2), 12n),
        call("record_metric", saved(2), 30n),
        call("get_metric", saved(2)),
        call("increment_metric", saved(2), 1n),
        call("get_metric", 404),
        call("increment_metric", 400, 1n),
      ],
    });
    const r = results(host).slice(3);
    expect(r.map((x) => x.rc)).toEqual([0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1]);
    expect(r[4].U).toBe(15n);
    expect(r[7].U).toBe(5n);
    expect(r[9].U).toBe(42n);
    expect(host.getMetric("requests")).toBe(15);
    expect(host.getMetric("inflight")).toBe(42);
    expect(host.getMetric("latency")).toEqual([12, 30]);
    expect(host.metrics.requests.type).toBe("counter");
  });

  it("shares a stat between VMs that define the same name, with their own ids", async () => {
    const a = await scripted({
      configure: [call("define_metric", MetricType.Counter, "shared"), call("increment_metric", last, 2n)],
    });
    const b = await scripted(
      {
        configure: [
          call("define_metric", MetricType.Counter, "other"),
          call("define_metric", MetricType.Counter, "shared"),
          call("increment_metric", last, 3n),
          call("get_metric", last),
        ],
      },
      { process: a.process },
    );
    expect(resultsOf(b, "define_metric").map((r) => r.u)).toEqual([4, 8]);
    expect(resultsOf(b, "get_metric")[0].U).toBe(5n);
    expect(a.getMetric("shared")).toBe(5);
  });
});

describe("ticks", () => {
  it("fires on_tick on the root once a period is set, and stops when it is set to 0", async () => {
    const host = await scripted(
      { configure: [call("set_tick_period_milliseconds", 250)], tick: [call("set_tick_period_milliseconds", 0)] },
      { traceCallbacks: true },
    );
    expect(host.tickPeriodMs).toBe(250);
    expect(host.tick()).toBe(true);
    expect(
      callbacks(host)
        .filter((c) => c.name === "tick")
        .map((c) => c.args[0]),
    ).toEqual([1]);
    expect(host.tickPeriodMs).toBe(0);
    expect(host.tick()).toBe(false);
  });

  it("is per VM: two workers each tick their own root", async () => {
    const a = await scripted({ configure: [call("set_tick_period_milliseconds", 100)] }, { traceCallbacks: true });
    const b = await scripted({}, { traceCallbacks: true, process: a.process });
    a.tick();
    b.tick();
    expect(callbacks(a).filter((c) => c.name === "tick")).toHaveLength(1);
    expect(callbacks(b).filter((c) => c.name === "tick")).toHaveLength(0);
  });
});

describe("time and logs", () => {
  it("reads the wall clock in nanoseconds", async () => {
    const host = await scripted(
      { configure: [call("get_current_time_nanoseconds"), badSlots(), call("get_current_time_nanoseconds")] },
      { clock: () => 1_234_567_890_123_456_789n },
    );
    expect(results(host).map((r) => [r.rc, r.U])).toEqual([
      [0, 1_234_567_890_123_456_789n],
      [6, 0n],
    ]);
  });

  it("logs at levels 0..5, refuses level 6, and answers the host's level with get_log_level", async () => {
    const host = await scripted(
      {
        configure: [
          call("log", 3, "careful"),
          call("log", 6, "too high"),
          call("log", 5, { ptr: 0xfffffff0, len: 64 }),
          call("get_log_level"),
        ],
      },
      { logLevel: "trace" },
    );
    expect(results(host).map((r) => r.rc)).toEqual([0, 2, 6, 0]);
    expect(results(host)[3].u).toBe(0);
    expect(host.getLogs("warn")).toEqual(["careful"]);
  });

  it("keeps only lines at or above the host's level, and says so through get_log_level", async () => {
    const host = await scripted(
      { configure: [call("log", 1, "debug line"), call("log", 4, "error line")] },
      { logLevel: "info" },
    );
    expect(host.logs.map((l) => l.message)).toEqual(["error line"]);
  });

  it("setLogLevel changes the level at runtime, as Envoy's /logging endpoint does", async () => {
    // The fixture reports results as trace lines, so only the request run at trace shows them.
    const host = await scripted(
      { request_headers: [call("log", 1, "debug line"), call("get_log_level")] },
      { logLevel: "info" },
    );
    host.initHttp().callOnHttpRequestHeaders([[":path", "/"]]);
    expect(host.getLogs("debug")).toEqual([]);
    host.setLogLevel("trace");
    host.initHttp().callOnHttpRequestHeaders([[":path", "/"]]);
    expect(host.getLogs("debug")).toEqual(["debug line"]);
    expect(resultsOf(host, "get_log_level").map((r) => r.u)).toEqual([0]);
  });
});
