// Higress parity on the wrapper (test/plugins/parity-wrapper.ts): the plugin context, start
// hook, leader election, execution phases, matched config, user attributes, route calls,
// paused streaming responses with the buffer queue, request helpers, …f logging, VM-rebuild
// and IO-cycle options. Each asserts what the SDK hands the host (properties, foreign calls,
// header/body edits) and what the plugin's callbacks see.
import { describe, expect, it } from "vitest";
import { DataStatus, HeaderStatus, TestHost, type TestHostOptions } from "@gatewasm/host";
import { pluginPath, request, start } from "./support/plugins.ts";

const higress: Omit<TestHostOptions, "wasm" | "config"> = { flavor: "higress", pluginName: "parity-plugin" };

/** The plugin's own log lines at `level`, without the `[plugin] [id] [request]` prefix. */
function lines(host: TestHost, level: "info" | "warn" | "error" | "debug" = "info"): string[] {
  return host.getLogs(level).map((l) => l.replace(/^(\[[^\]]*\] )+/, ""));
}

function withPrefix(host: TestHost, prefix: string, level: "info" | "warn" | "error" | "debug" = "info"): string[] {
  return lines(host, level).filter((l) => l.startsWith(prefix));
}

describe("plugin context and start hook", () => {
  it("prePluginStartOrReload runs before parsing with the PluginContext parseConfigWithContext receives", async () => {
    const host = await start("parity-wrapper", { name: "global" }, higress);
    expect(withPrefix(host, "pre-start")).toEqual([expect.stringMatching(/^pre-start root=\d+ isolation=1$/)]);
    // The value set in the hook is read back in the parser: the same PluginContext.
    expect(withPrefix(host, "parse")).toEqual(["parse name=global started=yes fingerprint=parity-plugin"]);
  });

  it("an error from prePluginStartOrReload fails the configuration", async () => {
    const r = await TestHost.tryStart({
      wasm: pluginPath("parity-wrapper"),
      config: { name: "g" },
      ...higress,
      properties: { fail_start: "boom" },
    });
    expect(r.error).toBeDefined();
    expect(r.error!.logs.map((l) => l.message)).toContain(
      "[parity-wrapper] [-] prePluginStartOrReload hook failed: refused: boom",
    );
    expect(r.error!.logs.map((l) => l.message).some((m) => m.includes("parse name="))).toBe(false);
  });

  it("withMaxRequestsPerIoCycle calls Higress's set_global_max_requests_per_io_cycle at start", async () => {
    const host = await start("parity-wrapper", { name: "g" }, higress);
    expect(withPrefix(host, "set global max requests per IO cycle")).toEqual([
      "set global max requests per IO cycle to 20",
    ]);
  });

  it("on stock Envoy the foreign function does not exist: a warning, the plugin still starts", async () => {
    const host = await start("parity-wrapper", { name: "g" }, { flavor: "envoy" });
    expect(withPrefix(host, "set global max requests per IO cycle failed", "warn")).toEqual([
      "set global max requests per IO cycle failed: host result 1",
    ]);
    expect(withPrefix(host, "parse")).toHaveLength(1);
  });
});

describe("leader election (doLeaderElection / isLeader in a tick function)", () => {
  const key = "higress_wasm_vm_lease:parity-plugin";
  let now = 1_700_000_000_000_000_000n;
  const clock = () => now;

  it("takes a free lease, keeps it while renewing, loses to a fresh foreign lease and takes over a stale one", async () => {
    const host = await start("parity-wrapper", { name: "g" }, { ...higress, clock });
    expect(host.tick()).toBe(true);
    expect(withPrefix(host, "tick")).toEqual(["tick leader=1"]);
    const lease = JSON.parse(host.getSharedData(key)!.value.toString());
    expect(lease).toEqual({
      vmID: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      timestamp: 1_700_000_000,
    });
    const mine = lease.vmID as string;

    now += 1_000_000_000n;
    host.tick();
    expect(JSON.parse(host.getSharedData(key)!.value.toString())).toEqual({ vmID: mine, timestamp: 1_700_000_001 });

    // Another VM holds a fresh lease: not the leader.
    host.setSharedData(key, JSON.stringify({ vmID: "other-vm", timestamp: 1_700_000_001 }));
    now += 1_000_000_000n;
    host.tick();
    expect(withPrefix(host, "tick").at(-1)).toBe("tick leader=0");
    expect(JSON.parse(host.getSharedData(key)!.value.toString()).vmID).toBe("other-vm");

    // Its holder stopped renewing it more than 60 s ago: taken over.
    now += 61_000_000_000n;
    host.tick();
    expect(withPrefix(host, "tick").at(-1)).toBe("tick leader=1");
    expect(JSON.parse(host.getSharedData(key)!.value.toString())).toEqual({ vmID: mine, timestamp: 1_700_000_063 });
  });
});

describe("execution phases and the matched config", () => {
  it("each callback sees its phase (Go's DecodeHeader 0 … Done 4) and the matched config", async () => {
    const host = await start("parity-wrapper", { name: "global" }, higress);
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...request, ":method": "POST" });
    http.callOnHttpRequestBody("b", true);
    http.callOnHttpResponseHeaders({ ":status": "200", "content-type": "application/json; charset=utf-8" });
    http.callOnHttpResponseBody("r", true);
    http.completeHttp();
    expect(withPrefix(host, "request-headers")[0]).toMatch(/^request-headers phase=0 /);
    expect(withPrefix(host, "match")).toEqual(["match name=global"]);
    expect(withPrefix(host, "request-body")).toEqual(["request-body phase=1"]);
    expect(withPrefix(host, "response-headers")).toEqual(["response-headers phase=2 json=1"]);
    expect(withPrefix(host, "response-body")).toEqual(["response-body phase=3 queued=0"]);
    expect(withPrefix(host, "done")).toEqual(["done phase=4"]);
  });

  it("in an HttpClient callback: the phase the request paused in, although another request ran since", async () => {
    const host = await start("parity-wrapper", { name: "g" }, higress);
    const first = host.initHttp({ clusterName: "outbound|80||backend.dns" });
    expect(first.callOnHttpRequestHeaders({ ...request, "x-mode": "call" })).toBe(
      HeaderStatus.StopAllIterationAndWatermark,
    );
    const second = host.initHttp();
    second.callOnHttpRequestHeaders({ ...request, ":method": "POST" });
    second.callOnHttpRequestBody("x", true);
    host.getHttpCalls()[0].respond({ status: 200, body: "ok" });
    expect(withPrefix(host, "call answered")).toEqual(["call answered phase=0"]);
    expect(first.getUpstreamRequest()).not.toBeNull();
  });

  it("isApplicationJson reads the response's content-type", async () => {
    const host = await start("parity-wrapper", { name: "g" }, higress);
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    http.callOnHttpResponseHeaders({ ":status": "200", "content-type": "text/html" });
    expect(withPrefix(host, "response-headers")).toEqual(["response-headers phase=2 json=0"]);
  });
});

describe("user attributes", () => {
  // What Go writes: json.Marshal of the merged map (keys sorted, <>& escaped), itself escaped as
  // the inside of a JSON string (MarshalStr).
  function goJson(s: string): string {
    return s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  }
  function goLogValue(map: Record<string, unknown>): string {
    const sorted = Object.fromEntries(
      Object.keys(map)
        .sort()
        .map((k) => [k, map[k]]),
    );
    return goJson(JSON.stringify(goJson(JSON.stringify(sorted)))).slice(1, -1);
  }

  it("writeUserAttributeToLog merges into custom_log; …WithKey into another key; …ToTrace sets trace_span_tag.*", async () => {
    const host = await start("parity-wrapper", { name: "g" }, higress);
    host.initHttp().callOnHttpRequestHeaders({ ...request, "x-mode": "attributes" });
    const attributes = { name: 'a "b" <c>\n', tokens: 43, ratio: 1.5, ok: true, empty: "" };
    expect(withPrefix(host, "write results")).toEqual(["write results 0 0 0 0 get tokens=43 ratio=1.5 missing=null"]);
    expect(withPrefix(host, "custom_log=")).toEqual([`custom_log=${goLogValue(attributes)}`]);
    expect(withPrefix(host, "ai_log=")).toEqual([`ai_log=${goLogValue(attributes)}`]);
    expect(withPrefix(host, "trace")).toEqual(['trace tokens=43 name=a "b" <c>\n']);
    // An empty value is not a span tag (Go warns the same way).
    expect(withPrefix(host, "Failed to set trace attribute", "warn")).toEqual([
      "Failed to set trace attribute - trace_span_tag.empty: , error message: value of trace_span_tag.empty is empty",
    ]);
  });

  it("the JSON text is exactly Go's for these values", async () => {
    const host = await start("parity-wrapper", { name: "g" }, higress);
    host.initHttp().callOnHttpRequestHeaders({ ...request, "x-mode": "attributes" });
    expect(withPrefix(host, "custom_log=")[0]).toBe(
      'custom_log={\\"empty\\":\\"\\",\\"name\\":\\"a \\\\\\"b\\\\\\" \\\\u003cc\\\\u003e\\\\n\\",\\"ok\\":true,\\"ratio\\":1.5,\\"tokens\\":43}',
    );
  });

  it("setUserAttributeMap replaces the attributes", async () => {
    const host = await start("parity-wrapper", { name: "g" }, higress);
    host.initHttp().callOnHttpRequestHeaders({ ...request, "x-mode": "attributes-map" });
    expect(withPrefix(host, "map keys")).toEqual(["map keys=only size=1"]);
    expect(withPrefix(host, "write result")).toEqual(["write result 0"]);
    expect(withPrefix(host, "custom_log=")).toEqual(['custom_log={\\"only\\":\\"this\\"}']);
  });
});

describe("routeCall", () => {
  // Go's rule: the header phase returned HeaderStopIteration, so the body callback runs while
  // the request headers can still change. Under ABI 0.2.1 Envoy turns that status into
  // StopAllIteration (no body callback until resumed) unless allow_on_headers_stop_iteration.
  const routed = { ...higress, allowOnHeadersStopIteration: true };

  it("turns the request into the call, then hands the answer to the callback instead of the response callbacks", async () => {
    const host = await start("parity-wrapper", { name: "g" }, routed);
    const http = host.initHttp();
    expect(
      http.callOnHttpRequestHeaders({
        ...request,
        "x-mode": "route",
        "accept-encoding": "gzip",
        "content-length": "5",
      }),
    ).toBe(HeaderStatus.StopIteration);
    expect(http.callOnHttpRequestBody("hello", true)).toBe(DataStatus.Continue);
    expect(withPrefix(host, "route call")).toContain("route call started");
    const up = http.getUpstreamRequest()!;
    const headers = Object.fromEntries(up.headers);
    expect(headers).toMatchObject({
      ":method": "POST",
      ":path": "/v1/check?q=1#frag",
      ":authority": "backend.example:8080",
      "x-route": "1",
      "x-envoy-original-method": "GET",
      "x-envoy-original-path": "/get",
      "x-envoy-original-host": "example.com",
    });
    expect(headers["accept-encoding"]).toBeUndefined();
    expect(headers["content-length"]).toBeUndefined();
    expect(up.body.toString()).toBe("routed hello");
    expect(withPrefix(host, "route call start, id:")[0]).toMatch(
      /^route call start, id:[0-9a-f-]{36}, method:POST, url:http:\/\/backend\.example:8080\/v1\/check\?q=1#frag, cluster:/,
    );

    expect(http.callOnHttpResponseHeaders({ ":status": "201", "content-length": "6", "x-up": "1" })).toBe(
      HeaderStatus.StopIteration,
    );
    expect(withPrefix(host, "response-headers")).toEqual([]);
    expect(http.callOnHttpResponseBody("answer", true)).toBe(DataStatus.Continue);
    const answer = withPrefix(host, "routed status=")[0];
    expect(answer).toMatch(/^routed status=201 headers=.*x-up=1;.* body=answer phase=3$/);
    expect(answer).not.toContain("content-length");
    expect(http.getResponseBody()!.toString()).toBe("wrapped:answer");
    expect(withPrefix(host, "route call end, id:")[0]).toMatch(
      /^route call end, id:[0-9a-f-]{36}, code:201, headers:\[.*\], body:answer$/,
    );
  });

  it("an invalid URL is an error and leaves the request alone", async () => {
    const host = await start("parity-wrapper", { name: "g" }, routed);
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...request, "x-mode": "route-bad" });
    http.callOnHttpRequestBody("hello", true);
    expect(withPrefix(host, "route call")).toContain("route call error invalid url:http://bad url/");
    const up = http.getUpstreamRequest()!;
    expect(Object.fromEntries(up.headers)[":method"]).toBe("GET");
    expect(up.body.toString()).toBe("hello");
  });
});

describe("needPauseStreamingResponse and the buffer queue", () => {
  it("a held chunk pauses the streaming response; the next one releases the queue", async () => {
    const host = await start("parity-wrapper", { name: "g" }, higress);
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...request, "x-mode": "pause" });
    http.callOnHttpRequestBody("", true);
    http.callOnHttpResponseHeaders({ ":status": "200" });
    expect(http.callOnHttpResponseBody("hold:1", false)).toBe(DataStatus.StopIterationNoBuffer);
    // As in Go, the pause stays asked for the rest of the response.
    expect(http.callOnHttpResponseBody("end", true)).toBe(DataStatus.StopIterationNoBuffer);
    expect(withPrefix(host, "response-body")).toEqual([
      "response-body phase=3 queued=0",
      "response-body phase=3 queued=1",
    ]);
    expect(withPrefix(host, "queue drained")).toEqual(["queue drained empty-pop=null"]);
  });
});

describe("request helpers and logging", () => {
  it("getRequestPathWithoutQuery decodes the path as Go's url.Parse does, and is empty for a bad escape", async () => {
    const host = await start("parity-wrapper", { name: "g" }, higress);
    host.initHttp().callOnHttpRequestHeaders({ ...request, ":path": "/a%20b/c%2Fd?x=1#f", "x-mode": "path" });
    host.initHttp().callOnHttpRequestHeaders({ ...request, ":path": "/a%zz?x", "x-mode": "path" });
    expect(withPrefix(host, "path-without-query")).toEqual(["path-without-query=/a b/c/d", "path-without-query="]);
    expect(host.getLogs("error")).toContain("failed to parse request path '/a%zz?x'");
  });

  it("the …f variants format like Go's fmt (MISSING, EXTRA, %%), below the host's level nothing is written; resetID changes the id", async () => {
    const host = await start("parity-wrapper", { name: "g" }, { ...higress, logLevel: "info" });
    host.initHttp().callOnHttpRequestHeaders({ ...request, "x-mode": "format", "x-request-id": "rq" });
    expect(lines(host, "info")).toContain("cart has 3 items, 100% done, ok");
    expect(lines(host, "warn")).toContain("missing one and %!d(MISSING)");
    expect(lines(host, "error")).toContain("extra a%!(EXTRA string=b, string=c)");
    expect(host.getLogs().some((l) => l.includes("not shown"))).toBe(false);
    expect(lines(host, "info")).toContain("secret header");
    expect(host.getLogs("info")).toContain("[parity-wrapper] [pid-7] [rq] after reset");
  });
});

describe("VM rebuild options (Higress property wasm_need_rebuild)", () => {
  it("withRebuildAfterRequests(3) sets it on every third request", async () => {
    const host = await start("parity-wrapper", { name: "g" }, { ...higress, logLevel: "debug" });
    for (let i = 0; i < 6; i++) host.initHttp().callOnHttpRequestHeaders(request);
    expect(withPrefix(host, "request-headers").map((l) => l.replace(/^request-headers phase=0 /, ""))).toEqual([
      "rebuild=null",
      "rebuild=null",
      "rebuild=true",
      "rebuild=null",
      "rebuild=null",
      "rebuild=true",
    ]);
    expect(withPrefix(host, "Plugin reached rebuild threshold", "debug")).toEqual([
      "Plugin reached rebuild threshold after 3 requests, rebuild flag set",
      "Plugin reached rebuild threshold after 3 requests, rebuild flag set",
    ]);
  });

  it("withRebuildMaxMemBytes sets it once plugin_vm_memory reaches the limit", async () => {
    const host = await start("parity-wrapper", { name: "g" }, { ...higress, logLevel: "debug" });
    host.initHttp().callOnHttpRequestHeaders({ ...request, "x-mode": "grow" });
    expect(withPrefix(host, "Plugin reached rebuild memory threshold", "debug")).toEqual([]);
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(withPrefix(host, "request-headers").map((l) => l.replace(/^request-headers phase=0 /, ""))).toEqual([
      "rebuild=null",
      "rebuild=true",
    ]);
    expect(withPrefix(host, "Plugin reached rebuild memory threshold", "debug")[0]).toMatch(
      /^Plugin reached rebuild memory threshold: \d+ bytes, rebuild flag set$/,
    );
  });
});
