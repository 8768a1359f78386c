// proxywasm properties, shared data, metrics, time, tick, logs, foreign functions and raw http
// calls through the raw-script plugin.
import { describe, expect, it } from "vitest";
import { HeaderStatus, TestHost } from "@gatewasm/host";
import { startCounted } from "./support/host-calls.ts";
import { pluginPath, request, result, results, start } from "./support/plugins.ts";

describe("properties", () => {
  it("read strings and integers, by path", async () => {
    const host = await start(
      "raw-script",
      {
        requestHeaders: [
          ["getPropertyString", ["route_name"]],
          ["getPropertyString", ["cluster_name"]],
          ["getPropertyString", ["request", "path"]],
          ["getPropertyInt", ["source", "port"]],
          ["getProperty", ["no", "such"]],
          ["getPropertyString", ["node", "id"]],
        ],
      },
      { properties: { "node.id": "gw-1" } },
    );
    host
      .initHttp({ routeName: "r1", clusterName: "outbound|80||svc.dns", sourceAddress: "10.0.0.1:4567" })
      .callOnHttpRequestHeaders(request);
    expect(results(host, "requestHeaders", "getPropertyString")).toEqual([
      '"r1"',
      '"outbound|80||svc.dns"',
      '"/get"',
      '"gw-1"',
    ]);
    expect(result(host, "requestHeaders", "getPropertyInt")).toBe("4567");
    expect(result(host, "requestHeaders", "getProperty")).toBe("null");
  });

  it("setProperty stores a value the plugin (and other filters) can read back", async () => {
    const host = await start("raw-script", {
      requestHeaders: [
        ["setProperty", ["my_key"], "v1"],
        ["getPropertyString", ["my_key"]],
      ],
    });
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(result(host, "requestHeaders", "setProperty")).toBe("0");
    expect(result(host, "requestHeaders", "getPropertyString")).toBe('"v1"');
  });
});

describe("shared data", () => {
  it("set and get, with a cas that changes on every write", async () => {
    const host = await start("raw-script", {
      requestHeaders: [
        ["getSharedData", "k"],
        ["setSharedData", "k", "v1"],
        ["getSharedData", "k"],
        ["casSharedData", "k", "v2"],
        ["getSharedData", "k"],
      ],
    });
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(results(host, "requestHeaders", "getSharedData")).toEqual([
      '1 "" cas=0',
      '0 "v1" cas=set',
      '0 "v2" cas=set',
    ]);
    expect(result(host, "requestHeaders", "casSharedData")).toBe("0");
    expect(host.getSharedData("k")!.value.toString()).toBe("v2");
  });

  it("a write with a stale cas is refused (CasMismatch), so a racing update is not lost", async () => {
    const host = await start("raw-script", { requestHeaders: [["casSharedData", "k", "mine", true]] });
    host.setSharedData("k", "initial");
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(result(host, "requestHeaders", "casSharedData")).toBe("8");
    expect(host.getSharedData("k")!.value.toString()).toBe("competitor");
  });

  it("is shared with another worker of the same process", async () => {
    const a = await start("raw-script", { requestHeaders: [["setSharedData", "shared", "from-a"]] });
    const b = await TestHost.start({
      wasm: pluginPath("raw-script"),
      config: { requestHeaders: [["getSharedData", "shared"]] },
      process: a.process,
    });
    a.initHttp().callOnHttpRequestHeaders(request);
    b.initHttp().callOnHttpRequestHeaders(request);
    expect(result(b, "requestHeaders", "getSharedData")).toBe('0 "from-a" cas=set');
  });
});

describe("metrics", () => {
  it("counter, gauge and histogram", async () => {
    const host = await start("raw-script", {
      requestHeaders: [
        ["incrementCounter", "my_requests", 1],
        ["incrementCounter", "my_requests", 2],
        ["counterValue", "my_requests"],
        ["incrementCounter", "my_requests", 0],
        ["setGauge", "my_gauge", 10],
        ["addGauge", "my_gauge", -3],
        ["gaugeValue", "my_gauge"],
        ["recordHistogram", "my_latency", 12],
        ["recordHistogram", "my_latency", 30],
      ],
    });
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(result(host, "requestHeaders", "counterValue")).toBe("3");
    // Envoy refuses a counter increment of 0.
    expect(results(host, "requestHeaders", "incrementCounter")).toEqual(["0", "0", "2"]);
    expect(result(host, "requestHeaders", "gaugeValue")).toBe("7");
    expect(host.getMetric("my_requests")).toBe(3);
    expect(host.getMetric("my_gauge")).toBe(7);
    expect(host.getMetric("my_latency")).toEqual([12, 30]);
  });
});

describe("time and tick", () => {
  it("the host clock in ns and ms, and Date.now() from it", async () => {
    const host = await start(
      "raw-script",
      {
        requestHeaders: [["getCurrentTimeNanoseconds"], ["getCurrentTimeMilliseconds"], ["dateNow"]],
      },
      { clock: () => 1_700_000_000_123_456_789n },
    );
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(result(host, "requestHeaders", "getCurrentTimeNanoseconds")).toBe("1700000000123456789");
    expect(result(host, "requestHeaders", "getCurrentTimeMilliseconds")).toBe("1700000000123");
    expect(result(host, "requestHeaders", "dateNow")).toBe("1700000000123");
  });

  it("setTickPeriodMilliseconds arms the root's timer; 0 stops it", async () => {
    const host = await start("raw-script", {
      configure: [["setTickPeriodMilliseconds", 250]],
      tick: [["setTickPeriodMilliseconds", 0]],
    });
    expect(host.tickPeriodMs).toBe(250);
    expect(host.tick()).toBe(true);
    expect(host.getLogs("info")).toContain("tick ");
    expect(host.tick()).toBe(false);
  });
});

describe("logs", () => {
  it("one function per level", async () => {
    const host = await start("raw-script", {
      requestHeaders: [
        ["logTrace", "t"],
        ["logDebug", "d"],
        ["logInfo", "i"],
        ["logWarn", "w"],
        ["logError", "e"],
        ["logCritical", "c"],
      ],
    });
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(host.getLogs("trace")).toContain("t");
    expect(host.getLogs("debug")).toContain("d");
    expect(host.getLogs("info")).toContain("i");
    expect(host.getLogs("warn")).toContain("w");
    expect(host.getLogs("error")).toContain("e");
    expect(host.getLogs("critical")).toContain("c");
  });

  it("does not send a line below the host's level, and asks the level once per callback", async () => {
    const { host, calls } = await startCounted(
      "raw-script",
      {
        requestHeaders: [
          ["logDebug", "d1"],
          ["logDebug", "d2"],
          ["logWarn", "w"],
        ],
      },
      { logLevel: "warn" },
    );
    calls.length = 0;
    host.initHttp().callOnHttpRequestHeaders(request);
    // One level query, then only the warn line (the step results are info lines: dropped too).
    expect(calls.filter((c) => c === "proxy_get_log_level")).toHaveLength(1);
    expect(calls.filter((c) => c === "proxy_log")).toHaveLength(1);
    expect(host.getLogs("warn")).toEqual(["w"]);
  });

  it("follows a level changed at runtime from the next callback on", async () => {
    const { host, calls } = await startCounted(
      "raw-script",
      { requestHeaders: [["logDebug", "d"]] },
      { logLevel: "info" },
    );
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(host.getLogs("debug")).toEqual([]);
    host.setLogLevel("debug");
    calls.length = 0;
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(host.getLogs("debug")).toEqual(["d"]);
    expect(calls.filter((c) => c === "proxy_get_log_level")).toHaveLength(1);
  });
});

describe("foreign functions and configuration buffers", () => {
  it("calls a host function by name; an unknown one answers NotFound", async () => {
    const host = await start("raw-script", {
      requestHeaders: [
        ["callForeignFunction", "compress", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
        ["callForeignFunction", "no_such_function", ""],
      ],
    });
    host.initHttp().callOnHttpRequestHeaders(request);
    const [compress, unknown] = results(host, "requestHeaders", "callForeignFunction");
    expect(compress).toMatch(/^0 \d+$/);
    expect(Number(compress.split(" ")[1])).toBeLessThan(46);
    expect(unknown).toBe("1 0");
  });

  it("the plugin reads its configuration in on_configure, and the VM configuration size in on_vm_start", async () => {
    const host = await start("raw-script", { configure: [] }, { vmConfig: "vm-settings" });
    expect(host.getLogs("info")).toContain("onVmStart size=11 config=vm-settings");
    expect(host.getLogs("info").some((l) => l === "configure size=16")).toBe(true);
  });

  it("on_configure returning false refuses the configuration", async () => {
    const r = await TestHost.tryStart({ wasm: pluginPath("raw-script"), config: { failConfigure: true } });
    expect(r.error).toBeDefined();
  });
});

describe("raw http calls (dispatchHttpCall)", () => {
  const call = [
    "dispatchHttpCall",
    "outbound|80||auth.dns",
    [
      [":method", "GET"],
      [":path", "/token"],
      [":authority", "auth"],
      ["x-q", "1"],
    ],
    "req-body",
    [["x-trailer", "t"]],
    700,
  ];

  it("sends the call, and its callback reads the answer on the request that made it", async () => {
    const host = await start("raw-script", { requestHeaders: [call], requestHeadersAction: 4 });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(request)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    expect(result(host, "requestHeaders", "dispatchHttpCall")).toBe("0");
    const [pending] = host.getHttpCalls();
    expect(pending.cluster).toBe("outbound|80||auth.dns");
    expect(pending.header(":path")).toBe("/token");
    expect(pending.header("x-q")).toBe("1");
    expect(pending.body.toString()).toBe("req-body");
    expect(pending.trailers).toEqual([["x-trailer", "t"]]);
    expect(pending.timeoutMs).toBe(700);
    pending.respond({ status: 200, headers: { "x-answer": "42" }, body: "ok", trailers: { "x-done": "1" } });
    expect(host.getLogs("info")).toContain("callback headers=2 body=2 trailers=1");
    expect(host.getLogs("info")).toContain(
      'callback getHttpCallResponseHeaders -> [[":status","200"],["x-answer","42"]]',
    );
    expect(host.getLogs("info")).toContain('callback getHttpCallResponseBody -> "ok"');
    expect(host.getLogs("info")).toContain('callback getHttpCallResponseTrailers -> [["x-done","1"]]');
    // The callback's header edit and resume acted on the request (effective context restored).
    expect(http.getUpstreamRequest()!.headers).toContainEqual(["x-call-status", "answered"]);
  });

  it("a dispatch to an unknown cluster fails with BadArgument and never calls back", async () => {
    const host = await start(
      "raw-script",
      { requestHeaders: [call], requestHeadersAction: 0 },
      { clusters: ["other"] },
    );
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(result(host, "requestHeaders", "dispatchHttpCall")).toBe("2");
    expect(host.getHttpCalls()).toEqual([]);
  });

  it("invalid call headers are refused before the host sees them", async () => {
    const bad = [
      "dispatchHttpCall",
      "c",
      [
        [":method", "GET"],
        [":path", "/"],
        [":authority", "a"],
        ["x-bad", "a\nb"],
      ],
      null,
      null,
      100,
    ];
    const host = await start("raw-script", { requestHeaders: [bad] });
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(result(host, "requestHeaders", "dispatchHttpCall")).toBe("2");
    expect(host.allHttpCalls).toEqual([]);
  });

  it("an answer for a request that is gone is dropped", async () => {
    const host = await start("raw-script", { requestHeaders: [call], requestHeadersAction: 4 });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    http.completeHttp();
    host.getHttpCalls()[0].respond({ status: 200 });
    expect(host.getLogs("info").some((l) => l.startsWith("callback"))).toBe(false);
    expect(host.vmFailed).toBe(false);
  });
});
