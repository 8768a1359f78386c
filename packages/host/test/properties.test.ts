// Properties (Envoy context.cc getProperty/findValue/setProperty, expr/context.cc).
import { describe, expect, it } from "vitest";
import { WasmResult } from "../src/index.js";
import { decodePairs } from "../src/internal.js";
import { call, REQUEST, results, ret, scripted } from "./support/script.js";

const path = (...segments: string[]) => segments.join("\0");
const i64 = (b?: Buffer) => b?.readBigInt64LE(0);

describe("request properties", () => {
  it("derives request.* from the live request headers, typed as Envoy serializes them", async () => {
    const host = await scripted(
      {
        request_headers: [
          call("get_property", path("request", "path")),
          call("get_property", path("request", "url_path")),
          call("get_property", path("request", "host")),
          call("get_property", path("request", "scheme")),
          call("get_property", path("request", "method")),
          call("get_property", path("request", "query")),
          call("get_property", path("request", "id")),
          call("get_property", path("request", "useragent")),
          call("get_property", path("request", "referer")),
          call("get_property", path("request", "headers", "x-custom")),
          call("get_property", path("request", "protocol")),
          call("get_property", path("request", "size")),
          call("get_property", path("request", "time")),
        ],
      },
      { clock: () => 1_700_000_000_123_456_789n },
    );
    host.initHttp({ requestId: "req-1" }).callOnHttpRequestHeaders({
      ...REQUEST,
      ":path": "/p/q?x=1&y=2#frag",
      "user-agent": "curl/8",
      "x-custom": "c",
      "content-length": "42",
    });
    const r = results(host);
    expect(r.slice(0, 8).map((x) => x.bytes?.toString())).toEqual([
      "/p/q?x=1&y=2#frag",
      "/p/q",
      "example.com",
      "http",
      "GET",
      "x=1&y=2",
      "req-1",
      "curl/8",
    ]);
    expect(r[8].rc).toBe(WasmResult.NotFound);
    expect(r[9].bytes?.toString()).toBe("c");
    expect(r[10].bytes?.toString()).toBe("HTTP/1.1");
    expect(i64(r[11].bytes)).toBe(42n);
    expect(i64(r[12].bytes)).toBe(1_700_000_000_123_456_789n);
  });

  it("answers NotFound for header-derived request properties once the headers are released, and again has them in on_log", async () => {
    const host = await scripted({
      request_body: [call("get_property", path("request", "path")), call("get_property", path("request", "protocol"))],
      log: [call("get_property", path("request", "path")), call("get_property", path("response", "code"))],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    http.callOnHttpRequestBody("b");
    http.callOnHttpResponseHeaders({ ":status": "404" }, true);
    const r = results(host);
    expect(r[0].rc).toBe(WasmResult.NotFound);
    expect(r[1].bytes?.toString()).toBe("HTTP/1.1");
    expect(r[2].bytes?.toString()).toBe("/get?a=1");
    expect(i64(r[3].bytes)).toBe(404n);
  });

  it("serializes request.headers as a pairs map and refuses to serialize a whole wrapper", async () => {
    const host = await scripted({
      request_headers: [call("get_property", path("request", "headers")), call("get_property", "request")],
    });
    host.initHttp().callOnHttpRequestHeaders({ ":path": "/", a: "1" });
    const [headers, whole] = results(host);
    expect(decodePairs(headers.bytes!)).toEqual([
      [":path", "/"],
      ["a", "1"],
    ]);
    expect(whole.rc).toBe(WasmResult.SerializationFailure);
  });

  it("tolerates one trailing NUL in a path", async () => {
    const host = await scripted({ request_headers: [call("get_property", "request\0method\0")] });
    host.initHttp().callOnHttpRequestHeaders(REQUEST);
    expect(results(host)[0].bytes?.toString()).toBe("GET");
  });
});

describe("stream and plugin properties", () => {
  it("gives source/destination addresses, route and cluster names, and plugin identity", async () => {
    const host = await scripted(
      {
        request_headers: [
          call("get_property", path("source", "address")),
          call("get_property", path("source", "port")),
          call("get_property", path("destination", "port")),
          call("get_property", "route_name"),
          call("get_property", "cluster_name"),
          call("get_property", path("xds", "route_name")),
          call("get_property", "plugin_name"),
          call("get_property", "plugin_root_id"),
          call("get_property", "plugin_vm_id"),
          call("get_property", path("connection", "id")),
          call("get_property", path("connection", "mtls")),
          call("get_property", path("node", "id")),
          call("get_property", "listener_direction"),
        ],
      },
      { pluginName: "wasmdemo", rootId: "root-a", vmId: "vm-a", node: { id: "gw-1" } },
    );
    host
      .initHttp({
        routeName: "r1",
        clusterName: "outbound|80||httpbin",
        sourceAddress: "10.0.0.7:51234",
        destinationAddress: "10.0.0.1:10000",
        connectionId: 9,
      })
      .callOnHttpRequestHeaders(REQUEST);
    const r = results(host);
    expect(r[0].bytes?.toString()).toBe("10.0.0.7:51234");
    expect(i64(r[1].bytes)).toBe(51234n);
    expect(i64(r[2].bytes)).toBe(10000n);
    expect(r.slice(3, 9).map((x) => x.bytes?.toString())).toEqual([
      "r1",
      "outbound|80||httpbin",
      "r1",
      "wasmdemo",
      "root-a",
      "vm-a",
    ]);
    expect(r[9].bytes?.readBigUInt64LE(0)).toBe(9n);
    expect(r[10].bytes).toEqual(Buffer.from([0]));
    expect(r[11].bytes?.toString()).toBe("gw-1");
    expect(i64(r[12].bytes)).toBe(0n);
  });

  it("has the response code once response headers arrive", async () => {
    const host = await scripted({
      request_headers: [call("get_property", path("response", "code"))],
      response_headers: [call("get_property", path("response", "code"))],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST, true);
    http.callOnHttpResponseHeaders({ ":status": "503" }, true);
    const [before, after] = results(host);
    expect(before.rc).toBe(WasmResult.NotFound);
    expect(i64(after.bytes)).toBe(503n);
  });

  it("answers plugin-level properties in the root context, NotFound for stream ones", async () => {
    const host = await scripted(
      {
        configure: [
          call("get_property", "plugin_name"),
          call("get_property", path("request", "path")),
          call("get_property", "route_name"),
        ],
      },
      { pluginName: "p" },
    );
    const r = results(host);
    expect(r[0].bytes?.toString()).toBe("p");
    expect(r[1].rc).toBe(WasmResult.NotFound);
    expect(r[2].rc).toBe(WasmResult.NotFound);
  });

  it("serves extra properties set by the embedder, walking into maps", async () => {
    const host = await scripted(
      {
        request_headers: [
          call("get_property", path("route_metadata", "filter", "key")),
          call("get_property", path("custom")),
          call("get_property", path("per_stream")),
        ],
      },
      { properties: { route_metadata: { filter: { key: "v" } }, custom: 7 } },
    );
    host.initHttp({ properties: { per_stream: true } }).callOnHttpRequestHeaders(REQUEST);
    const r = results(host);
    expect(r[0].bytes?.toString()).toBe("v");
    expect(i64(r[1].bytes)).toBe(7n);
    expect(r[2].bytes).toEqual(Buffer.from([1]));
  });
});

describe("set_property", () => {
  it("stores filter state readable as a top-level name, and answers NotFound in the root context", async () => {
    const host = await scripted({
      configure: [call("set_property", "in_root", "x")],
      request_headers: [
        call("set_property", "my.key", "value-1"),
        call("get_property", "my.key"),
        call("get_property", "unset"),
      ],
      log: [call("get_property", "my.key")],
    });
    host.initHttp().callOnHttpRequestHeaders(REQUEST, true);
    const r = results(host);
    expect(r[0].rc).toBe(WasmResult.NotFound);
    expect(r[1].rc).toBe(0);
    expect(r[2].bytes?.toString()).toBe("value-1");
    expect(r[3].rc).toBe(WasmResult.NotFound);
  });

  it("lets a Higress plugin lower the request buffer limit with set_decoder_buffer_limit", async () => {
    const script = { request_headers: [call("set_property", "set_decoder_buffer_limit", "4")], request_body: [ret(1)] };
    const higress = await scripted(script, { flavor: "higress" });
    const h = higress.initHttp();
    h.callOnHttpRequestHeaders(REQUEST);
    h.callOnHttpRequestBody("123456", false);
    expect(h.getLocalResponse()?.statusCode).toBe(413);
    const envoy = await scripted(script);
    const e = envoy.initHttp();
    e.callOnHttpRequestHeaders(REQUEST);
    e.callOnHttpRequestBody("123456", false);
    expect(e.getLocalResponse()).toBeNull();
  });
});
