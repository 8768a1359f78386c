// Header-map host calls and Envoy's map lifetimes (Envoy context.cc getMap/getConstMap,
// cpp-host exports.cc).
import { describe, expect, it } from "vitest";
import { HeaderStatus, WasmResult } from "../src/index.js";
import { encodePairs, MapType } from "../src/internal.js";
import { badSlots, call, ifArg, REQUEST, results, resultsOf, ret, scripted } from "./support/script.js";

const REQ = MapType.HttpRequestHeaders;
const RESP = MapType.HttpResponseHeaders;

describe("header maps", () => {
  it("reads a value, lower-casing the key, and answers NotFound for a missing one", async () => {
    const host = await scripted({
      request_headers: [call("get_header_map_value", REQ, ":PATH"), call("get_header_map_value", REQ, "x-missing")],
    });
    host.initHttp().callOnHttpRequestHeaders({ ...REQUEST, "X-Mixed": "v" });
    const [path, missing] = results(host);
    expect(path).toMatchObject({ rc: WasmResult.Ok });
    expect(path.bytes?.toString()).toBe("/get?a=1");
    expect(missing.rc).toBe(WasmResult.NotFound);
  });

  it("adds duplicates, replaces the first occurrence, removes every occurrence", async () => {
    const host = await scripted({
      request_headers: [
        call("add_header_map_value", REQ, "X-Dup", "1"),
        call("add_header_map_value", REQ, "x-dup", "2"),
        call("get_header_map_value", REQ, "x-dup"),
        call("replace_header_map_value", REQ, "x-dup", "first"),
        call("replace_header_map_value", REQ, "x-new", "added"),
        call("add_header_map_value", REQ, "x-gone", "a"),
        call("add_header_map_value", REQ, "x-gone", "b"),
        call("remove_header_map_value", REQ, "X-GONE"),
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    expect(results(host).every((r) => r.rc === 0)).toBe(true);
    expect(resultsOf(host, "get_header_map_value")[0].bytes?.toString()).toBe("1");
    const sent = http.getUpstreamRequest()!.headers;
    expect(sent.filter(([k]) => k === "x-dup")).toEqual([
      ["x-dup", "first"],
      ["x-dup", "2"],
    ]);
    expect(sent).toContainEqual(["x-new", "added"]);
    expect(sent.some(([k]) => k === "x-gone")).toBe(false);
  });

  it("returns all pairs in Envoy's layout and replaces the map with set_header_map_pairs", async () => {
    const host = await scripted({
      request_headers: [
        call("get_header_map_pairs", REQ),
        call(
          "set_header_map_pairs",
          REQ,
          encodePairs([
            [":path", "/replaced"],
            [":method", "POST"],
            ["X-Only", "yes"],
          ]),
        ),
        call("get_header_map_pairs", REQ),
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    const [before, set, after] = results(host);
    expect(before.bytes).toEqual(Buffer.from(encodePairs(Object.entries(REQUEST))));
    expect(set.rc).toBe(WasmResult.Ok);
    expect(after.bytes).toEqual(
      Buffer.from(
        encodePairs([
          [":path", "/replaced"],
          [":method", "POST"],
          ["x-only", "yes"],
        ]),
      ),
    );
    expect(http.getUpstreamRequest()!.headers).toEqual([
      [":path", "/replaced"],
      [":method", "POST"],
      ["x-only", "yes"],
    ]);
  });

  it("treats malformed pairs as an empty map", async () => {
    const bad = Buffer.from(encodePairs([["a", "b"]]));
    bad[bad.length - 1] = 0x41; // no terminating NUL
    const host = await scripted({
      request_headers: [call("set_header_map_pairs", REQ, bad), call("get_header_map_pairs", REQ)],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    const [set, get] = results(host);
    expect(set.rc).toBe(WasmResult.Ok);
    expect(get.bytes?.length).toBe(0);
  });

  it("reports the map's size in bytes, not a count", async () => {
    const host = await scripted({ request_headers: [call("get_header_map_size", REQ)] });
    host.initHttp().callOnHttpRequestHeaders({ ":path": "/ab", k: "vv" });
    expect(results(host)[0]).toMatchObject({ rc: 0, u: ":path".length + 3 + 1 + 2 });
  });

  it("refuses a map type above 7 with BadArgument", async () => {
    const host = await scripted({
      request_headers: [
        call("get_header_map_value", 8, "a"),
        call("add_header_map_value", 99, "a", "b"),
        call("get_header_map_pairs", 8),
        call("get_header_map_size", 8),
      ],
    });
    host.initHttp().callOnHttpRequestHeaders(REQUEST);
    expect(results(host).map((r) => r.rc)).toEqual([2, 2, 2, 2]);
  });

  it("answers InvalidMemoryAccess for a key outside memory or a bad result pointer, without crashing", async () => {
    const host = await scripted({
      request_headers: [
        call("get_header_map_value", REQ, { ptr: 0xfffffff0, len: 100 }),
        call("add_header_map_value", REQ, "k", { ptr: 0x7ffffff0, len: 64 }),
        badSlots(),
        call("get_header_map_value", REQ, ":path"),
        call("get_header_map_pairs", REQ),
      ],
    });
    host.initHttp().callOnHttpRequestHeaders(REQUEST);
    expect(results(host).map((r) => r.rc)).toEqual([6, 6, 6, WasmResult.Ok]);
    expect(host.vmFailed).toBe(false);
  });

  it("hands back an empty value as (0, 0) without allocating", async () => {
    const host = await scripted({ request_headers: [call("get_header_map_value", REQ, "x-empty")] });
    host.initHttp().callOnHttpRequestHeaders({ ...REQUEST, "x-empty": "" });
    expect(results(host)[0]).toMatchObject({ rc: 0 });
    expect(results(host)[0].bytes?.length).toBe(0);
  });
});

describe("header map lifetimes", () => {
  it("releases request headers once on_request_headers returns Continue: BadArgument, pairs Ok and empty", async () => {
    const host = await scripted({
      request_body: [
        call("get_header_map_value", REQ, ":path"),
        call("add_header_map_value", REQ, "k", "v"),
        call("replace_header_map_value", REQ, "k", "v"),
        call("remove_header_map_value", REQ, "k"),
        call("set_header_map_pairs", REQ, encodePairs([["a", "b"]])),
        call("get_header_map_size", REQ),
        call("get_header_map_pairs", REQ),
      ],
    });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(REQUEST)).toBe(HeaderStatus.Continue);
    expect(http.getRequestHeaders()).toBeNull();
    http.callOnHttpRequestBody("body");
    const rcs = results(host).map((r) => r.rc);
    expect(rcs).toEqual([2, 2, 2, 2, 2, 2, 0]);
    expect(results(host)[6].bytes?.length).toBe(0);
  });

  it("keeps request headers while the plugin pauses in on_request_headers", async () => {
    const host = await scripted({
      request_headers: [ret(1)],
      request_body: [call("get_header_map_value", REQ, ":path")],
    });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(REQUEST)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    expect(http.getRequestHeaders()).not.toBeNull();
    // The body is held by the host while headers are stopped; the plugin does not see it yet.
    http.callOnHttpRequestBody("x");
    expect(results(host)).toEqual([]);
  });

  it("does not let the response phase read request headers, and has no response headers before they arrive", async () => {
    const host = await scripted({
      request_headers: [call("get_header_map_value", RESP, ":status")],
      response_headers: [call("get_header_map_value", REQ, ":path"), call("get_header_map_value", RESP, ":status")],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    http.callOnHttpResponseHeaders({ ":status": "200" }, true);
    expect(results(host).map((r) => r.rc)).toEqual([2, 2, 0]);
  });

  it("makes both header maps readable in on_log, and a missing map NotFound there", async () => {
    const host = await scripted({
      log: [
        call("get_header_map_value", REQ, ":path"),
        call("get_header_map_value", RESP, ":status"),
        call("get_header_map_value", MapType.HttpRequestTrailers, "t"),
        call("get_header_map_size", REQ),
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    http.callOnHttpResponseHeaders({ ":status": "201" }, true);
    const r = results(host);
    expect(r[0].bytes?.toString()).toBe("/get?a=1");
    expect(r[1].bytes?.toString()).toBe("201");
    expect(r[2].rc).toBe(WasmResult.NotFound);
    // get_header_map_size uses the mutable map, which the log phase does not have.
    expect(r[3].rc).toBe(WasmResult.BadArgument);
  });

  it("releases the request maps on continue_stream of either direction", async () => {
    const host = await scripted({
      request_headers: [ret(1)],
      // The request is still paused, so its headers are held; continuing the *response* drops them too.
      response_headers: [
        call("get_header_map_value", REQ, ":path"),
        call("continue_stream", 1),
        call("get_header_map_value", REQ, ":path"),
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    expect(http.getRequestHeaders()).not.toBeNull();
    http.callOnHttpResponseHeaders({ ":status": "200" });
    expect(results(host).map((r) => r.rc)).toEqual([0, 0, 2]);
    expect(http.getRequestHeaders()).toBeNull();
  });

  it("lets the last request body callback add trailers", async () => {
    const host = await scripted({
      request_body: [ifArg(2, 1), call("add_header_map_value", MapType.HttpRequestTrailers, "x-trailer", "added")],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    http.callOnHttpRequestBody("abc", false);
    http.callOnHttpRequestBody("def", true);
    expect(results(host).map((r) => r.rc)).toEqual([0]);
    const up = http.getUpstreamRequest()!;
    expect(up.body.toString()).toBe("abcdef");
    expect(up.trailers).toEqual([["x-trailer", "added"]]);
  });

  it("refuses to add trailers from a body callback that is not the last", async () => {
    const host = await scripted({
      request_body: [call("add_header_map_value", MapType.HttpRequestTrailers, "k", "v")],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    http.callOnHttpRequestBody("abc", false);
    expect(results(host)[0].rc).toBe(WasmResult.BadArgument);
  });
});
