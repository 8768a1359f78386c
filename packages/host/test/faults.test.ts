// Traps (cpp-host CHECK_FAIL_HTTP, Envoy context.cc failStream, wasm_filter.h createFilter).
import { describe, expect, it } from "vitest";
import { HeaderStatus } from "../src/index.js";
import { call, callbacks, REQUEST, ret, scripted, trap } from "./support/script.js";

describe("a trap fails the VM", () => {
  it("answers the request with an empty 503 (details wasm_fail_stream) and skips every later callback", async () => {
    const host = await scripted({ request_headers: [trap()] }, { traceCallbacks: true });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(REQUEST, true)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    expect(host.vmFailed).toBe(true);
    const reply = http.getLocalResponse()!;
    expect(reply).toMatchObject({ statusCode: 503, details: "wasm_fail_stream", grpcStatus: 14 });
    expect(reply.body.length).toBe(0);
    expect(http.getUpstreamRequest()).toBeNull();
    // Neither the reply's response callbacks nor log/done/delete reach the failed VM.
    expect(callbacks(host).map((c) => c.name)).toEqual([
      "context_create",
      "vm_start",
      "configure",
      "context_create",
      "request_headers",
    ]);
    expect(host.hostLogs.map((l) => l.message).join("\n")).toMatch(
      /Function: proxy_on_request_headers failed: Uncaught RuntimeError: unreachable/,
    );
    // The next request on this VM fails at once.
    const next = host.initHttp();
    next.callOnHttpRequestHeaders(REQUEST, true);
    expect(next.getLocalResponse()?.statusCode).toBe(503);
  });

  it("lets the request through untouched under fail_open", async () => {
    const host = await scripted(
      { request_headers: [call("add_header_map_value", 0, "x-before", "trap"), trap()] },
      { failOpen: true },
    );
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(REQUEST, true)).toBe(HeaderStatus.Continue);
    expect(http.getLocalResponse()).toBeNull();
    expect(http.getUpstreamRequest()?.complete).toBe(true);
    const next = host.initHttp();
    expect(next.callOnHttpRequestHeaders(REQUEST, true)).toBe(HeaderStatus.Continue);
    next.callOnHttpResponseHeaders({ ":status": "200" }, true);
    expect(next.getResponseHeaders()).toContainEqual([":status", "200"]);
  });

  it("sends the 503 straight to the client when the trap happens in the response phase", async () => {
    const host = await scripted({ response_headers: [trap()] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    http.callOnHttpResponseHeaders({ ":status": "200", "x-upstream": "1" });
    expect(http.getResponseHeaders()).toEqual([
      [":status", "503"],
      ["content-length", "0"],
    ]);
  });

  it("rejects the plugin when on_configure or on_vm_start returns false, or _initialize-time code traps", async () => {
    const { tryScripted } = await import("./support/script.js");
    const configure = await tryScripted(
      { configure: [call("log", 4, "bad config: missing field"), ret(0)] },
      { pluginName: "demo" },
    );
    expect(configure.error?.message).toBe("Unable to create Wasm HTTP filter demo");
    expect(configure.error?.logs.map((l) => l.message)).toContain("bad config: missing field");
    const start = await tryScripted({ vm_start: [ret(0)] });
    expect(start.error?.message).toBe("Failed to start base Wasm");
    const trapping = await tryScripted({ configure: [trap()] }, { pluginName: "demo" });
    expect(trapping.error?.message).toBe("Unable to create Wasm HTTP filter demo");
  });

  it("does not fail the VM for refused host calls (bad pointers, bad types)", async () => {
    const host = await scripted({
      request_headers: [
        call("get_property", { ptr: 0xffffffff, len: 0xffffffff }),
        call("get_buffer_bytes", 0xffff, 0, 1),
        call("log", 99, "x"),
      ],
    });
    host.initHttp().callOnHttpRequestHeaders(REQUEST);
    expect(host.vmFailed).toBe(false);
  });
});
