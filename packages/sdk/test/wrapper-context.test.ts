// HttpContext: request facts cached in the header phase (so they work in later phases), typed
// per-request values, body controls, stream done, and Higress's body skipping. The response
// phase is driven by the plugin's own local reply (Envoy runs its response callbacks on it).
import { describe, expect, it } from "vitest";
import { HeaderStatus } from "@gatewasm/host";
import { request, start } from "./support/plugins.ts";

const full = { ...request, ":scheme": "https", ":path": "/v1/items?x=1", ":method": "POST", "x-request-id": "rid-1" };

function line(logs: string[], prefix: string): string {
  const found = logs.find((l) => l.includes(`] ${prefix} `));
  expect(found, `a log line "${prefix} …"`).toBeDefined();
  return found!.slice(found!.indexOf(`] ${prefix} `) + prefix.length + 3);
}

describe("request facts", () => {
  it("scheme, host, path, method, request id and plugin name in the header phase", async () => {
    const host = await start("wrapper-context", {});
    host.initHttp().callOnHttpRequestHeaders(full, false);
    expect(line(host.getLogs("info"), "requestHeaders")).toBe(
      "scheme=https host=example.com path=/v1/items?x=1 method=POST requestId=rid-1 plugin=wrapper-context hasRequestBody=1 websocket=0 binaryRequest=0",
    );
  });

  it("stay available in the response phase, after the request headers were released", async () => {
    const host = await start("wrapper-context", { reply: { status: 201, body: "made" } });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(full, true);
    expect(line(host.getLogs("info"), "responseHeaders")).toBe(
      "scheme=https host=example.com path=/v1/items?x=1 method=POST requestId=rid-1 plugin=wrapper-context hasRequestBody=0 websocket=0 binaryRequest=0 hasResponseBody=1 binaryResponse=0",
    );
    expect(http.getLocalResponse()!.headers).toContainEqual(["x-host", "example.com"]);
  });

  it("hasRequestBody follows end_of_stream of the request headers", async () => {
    const host = await start("wrapper-context", {});
    host.initHttp().callOnHttpRequestHeaders(full, true);
    expect(line(host.getLogs("info"), "requestHeaders")).toContain("hasRequestBody=0");
  });

  it("a websocket upgrade is recognized (any letter case)", async () => {
    const host = await start("wrapper-context", {});
    host.initHttp().callOnHttpRequestHeaders({ ...full, connection: "Upgrade", upgrade: "WebSocket" });
    expect(line(host.getLogs("info"), "requestHeaders")).toContain("websocket=1");
  });

  for (const [header, value] of [
    ["content-type", "application/octet-stream"],
    ["content-type", "application/grpc+proto"],
    ["content-encoding", "gzip"],
  ]) {
    it(`a request with ${header}: ${value} has a binary body`, async () => {
      const host = await start("wrapper-context", {});
      host.initHttp().callOnHttpRequestHeaders({ ...full, [header]: value });
      expect(line(host.getLogs("info"), "requestHeaders")).toContain("binaryRequest=1");
    });
  }
});

describe("per-request values", () => {
  const expected =
    "s=text n32=32 n64=9007199254740993 u32=4000000000 b=true f=1.5 bytes=raw thing=second wrongType=null missing=default has=10 n32AsString=none";

  it("are typed: each reads back only as the type it was set with", async () => {
    const host = await start("wrapper-context", {});
    host.initHttp().callOnHttpRequestHeaders(full);
    expect(line(host.getLogs("info"), "values")).toBe(`${expected} gone=0`);
  });

  it("live for the whole request (read again in the response phase)", async () => {
    const host = await start("wrapper-context", { reply: { body: "x" } });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(full);
    expect(line(host.getLogs("info"), "responseValues")).toBe(expected);
    expect(http.getLocalResponse()!.headers).toContainEqual(["x-thing", "second"]);
  });

  it("are separate per request", async () => {
    const host = await start("wrapper-context", {});
    for (let i = 0; i < 3; i++) host.initHttp().callOnHttpRequestHeaders({ ...full, ":path": `/r${i}` });
    expect(host.getLogs("info").filter((l) => l.includes("] values ")).length).toBe(3);
    for (const l of host.getLogs("info").filter((l) => l.includes("] values "))) expect(l).toContain("thing=second");
  });
});

describe("response phase callbacks", () => {
  it("the buffered response body callback gets the whole body and can replace it", async () => {
    const host = await start("wrapper-context", { reply: { body: "original body" }, replaceResponseBody: "replaced" });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(full);
    expect(line(host.getLogs("info"), "responseBody")).toBe("original body");
    expect(http.getLocalResponse()!.body.toString()).toBe("replaced");
  });

  it("dontReadResponseBody skips the response body callback", async () => {
    const host = await start("wrapper-context", {
      reply: { body: "original" },
      dontReadResponseBody: true,
      replaceResponseBody: "x",
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(full);
    expect(host.getLogs("info").some((l) => l.includes("] responseBody "))).toBe(false);
    expect(http.getLocalResponse()!.body.toString()).toBe("original");
  });

  for (const [header, value] of [
    ["content-type", "application/octet-stream"],
    ["content-encoding", "br"],
  ]) {
    it(`a binary response (${header}: ${value}) skips the body callback`, async () => {
      const host = await start("wrapper-context", {
        reply: { body: "bin", headers: [[header, value]] },
        replaceResponseBody: "x",
      });
      const http = host.initHttp();
      http.callOnHttpRequestHeaders(full);
      expect(line(host.getLogs("info"), "responseHeaders")).toContain("binaryResponse=1");
      expect(host.getLogs("info").some((l) => l.includes("] responseBody "))).toBe(false);
      expect(http.getLocalResponse()!.body.toString()).toBe("bin");
    });
  }

  it("a websocket upgrade skips response bodies", async () => {
    const host = await start("wrapper-context", { reply: { body: "ws" }, replaceResponseBody: "x" });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders({ ...full, connection: "upgrade", upgrade: "websocket" });
    expect(host.getLogs("info").some((l) => l.includes("] responseBody "))).toBe(false);
  });

  it("a response without body reports hasResponseBody false", async () => {
    const host = await start("wrapper-context", { reply: { status: 204 } });
    host.initHttp().callOnHttpRequestHeaders(full);
    expect(line(host.getLogs("info"), "responseHeaders")).toContain("hasResponseBody=0");
  });
});

describe("stream done", () => {
  it("runs once at the end of the request with its context", async () => {
    const host = await start("wrapper-context", {});
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(full)).toBe(HeaderStatus.Continue);
    expect(host.getLogs("info").some((l) => l.includes("] done "))).toBe(false);
    http.completeHttp();
    expect(line(host.getLogs("info"), "done")).toBe("/v1/items?x=1 text");
  });
});

describe("Higress request properties", () => {
  it("disableReroute and the body buffer limits set Higress's properties", async () => {
    const host = await start("wrapper-context", { higressProperties: true });
    host.initHttp().callOnHttpRequestHeaders(full);
    expect(line(host.getLogs("info"), "higress")).toBe("000 off 1024 2048");
  });
});

describe("Log", () => {
  it("writes at each level with the plugin name and request id", async () => {
    const host = await start("wrapper-context", { logLevels: true });
    host.initHttp().callOnHttpRequestHeaders(full);
    expect(host.getLogs("trace")).toContain("[wrapper-context] [rid-1] at trace");
    expect(host.getLogs("debug")).toContain("[wrapper-context] [rid-1] at debug");
    expect(host.getLogs("warn")).toContain("[wrapper-context] [rid-1] at warn");
    expect(host.getLogs("error")).toContain("[wrapper-context] [rid-1] at error");
    expect(host.getLogs("critical")).toContain("[wrapper-context] [rid-1] at critical");
  });
});
