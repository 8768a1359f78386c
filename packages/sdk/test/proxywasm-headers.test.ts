// proxywasm header utilities, local replies and header validation, driven through the host by
// the raw-script test plugin (each step's result is logged; effects are read from the stream).
import { describe, expect, it } from "vitest";
import { HeaderStatus } from "@gatewasm/host";
import { request, result, results, start } from "./support/plugins.ts";

describe("request header utilities", () => {
  it("get, add, replace and remove act on the request headers the upstream receives", async () => {
    const host = await start("raw-script", {
      requestHeaders: [
        ["getHttpRequestHeader", ":path"],
        ["getHttpRequestHeader", "absent"],
        ["addHttpRequestHeader", "x-added", "1"],
        ["addHttpRequestHeader", "x-added", "2"],
        ["replaceHttpRequestHeader", "x-replaced", "new"],
        ["removeHttpRequestHeader", "x-gone"],
        ["getHttpRequestHeaders"],
      ],
      requestHeadersAction: 4,
    });
    const http = host.initHttp();
    const status = http.callOnHttpRequestHeaders({ ...request, "x-replaced": "old", "x-gone": "bye" });
    expect(status).toBe(HeaderStatus.StopAllIterationAndWatermark);
    expect(results(host, "requestHeaders", "getHttpRequestHeader")).toEqual(['"/get"', "null"]);
    const headers = http.getRequestHeaders()!;
    expect(headers).toContainEqual(["x-added", "1"]);
    expect(headers).toContainEqual(["x-added", "2"]);
    expect(headers).toContainEqual(["x-replaced", "new"]);
    expect(headers.find(([k]) => k === "x-gone")).toBeUndefined();
    const all = result(host, "requestHeaders", "getHttpRequestHeaders")!;
    expect(all).toContain('[":path","/get"]');
    expect(all).toContain('["x-added","2"]');
    expect(host.vmFailed).toBe(false);
  });

  it("sends non-ASCII text as UTF-8 (2-, 3- and 4-byte sequences)", async () => {
    const host = await start("raw-script", {
      requestHeaders: [
        ["addHttpRequestHeader", "x-text", "é€😀"],
        ["getHttpRequestHeader", "x-text"],
      ],
      requestHeadersAction: 4,
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    expect(http.getRequestHeaders()).toContainEqual(["x-text", "é€😀"]);
    expect(result(host, "requestHeaders", "getHttpRequestHeader")).toBe('"é€😀"');
  });

  it("sends names and values too long for the SDK's scratch space intact, and frees what they took", async () => {
    // 1,600 UTF-16 units may need 4,800 bytes of UTF-8: more than the 2 KB the SDK encodes into
    // without allocating, so these go through its heap path.
    const long = "é€😀".repeat(400);
    const longName = `x-${"n".repeat(2100)}`;
    const host = await start("raw-script", {
      requestHeaders: [
        ["addHttpRequestHeader", "x-long", long],
        ["getHttpRequestHeader", "x-long"],
        ["replaceHttpRequestHeader", longName, "v"],
        ["getHttpRequestHeader", longName],
        ["removeHttpRequestHeader", "x-gone"],
        ["isValidHeaderValue", `${long}\n`],
      ],
      requestHeadersAction: 4,
    });
    const run = () => {
      const http = host.initHttp();
      http.callOnHttpRequestHeaders({ ...request, "x-gone": "bye" });
      return http;
    };
    const http = run();
    expect(http.getRequestHeaders()).toContainEqual(["x-long", long]);
    expect(http.getRequestHeaders()).toContainEqual([longName, "v"]);
    expect(http.getRequestHeaders()!.find(([k]) => k === "x-gone")).toBeUndefined();
    expect(results(host, "requestHeaders", "getHttpRequestHeader")).toEqual([JSON.stringify(long), '"v"']);
    expect(result(host, "requestHeaders", "isValidHeaderValue")).toBe("false");
    http.completeHttp();
    // A spill that was not freed would cost ~7 KB a request: 300 requests would add 30+ pages.
    for (let i = 0; i < 50; i++) run().completeHttp();
    const pages = host.plugin.vm.memory.buffer.byteLength / 65536;
    for (let i = 0; i < 300; i++) run().completeHttp();
    expect(host.plugin.vm.memory.buffer.byteLength / 65536).toBeLessThanOrEqual(pages + 1);
    expect(host.vmFailed).toBe(false);
  });

  it("reads a header's first value and null for an absent one", async () => {
    const host = await start("raw-script", {
      requestHeaders: [
        ["getHttpRequestHeader", "x-twice"],
        ["getHttpRequestHeader", "nope"],
      ],
    });
    host.initHttp().callOnHttpRequestHeaders([
      [":path", "/"],
      ["x-twice", "a"],
      ["x-twice", "b"],
    ]);
    const logs = host.getLogs("info").filter((l) => l.startsWith("requestHeaders getHttpRequestHeader -> "));
    expect(logs).toEqual(['requestHeaders getHttpRequestHeader -> "a"', "requestHeaders getHttpRequestHeader -> null"]);
  });

  it("replaceHttpRequestHeaders replaces the whole map", async () => {
    const host = await start("raw-script", {
      requestHeaders: [
        [
          "replaceHttpRequestHeaders",
          [
            [":path", "/new"],
            [":method", "POST"],
            ["x-only", "me"],
          ],
        ],
      ],
      requestHeadersAction: 4,
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    expect(result(host, "requestHeaders", "replaceHttpRequestHeaders")).toBe("0");
    expect(http.getRequestHeaders()).toEqual([
      [":path", "/new"],
      [":method", "POST"],
      ["x-only", "me"],
    ]);
  });

  it("request headers are gone once the header phase continued (Envoy releases them)", async () => {
    const host = await start("raw-script", { requestHeaders: [], log: [["getHttpRequestHeader", ":path"]] });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(request)).toBe(HeaderStatus.Continue);
    expect(http.getRequestHeaders()).toBeNull();
  });
});

describe("header validation", () => {
  const bad: [string, string, string][] = [
    ["name with space", "x bad", "v"],
    ["empty name", "", "v"],
    ["name with colon inside", "x:y", "v"],
    ["non-ASCII name", "x-é", "v"],
    ["CR in value", "x-ok", "a\rb"],
    ["LF in value", "x-ok", "a\nInjected: yes"],
    ["NUL in value", "x-ok", "a\u0000b"],
  ];
  for (const [what, name, value] of bad) {
    it(`refuses a header with ${what}: BadArgument, logged, never sent`, async () => {
      const host = await start("raw-script", {
        requestHeaders: [
          ["addHttpRequestHeader", name, value],
          ["replaceHttpRequestHeader", name, value],
        ],
        requestHeadersAction: 4,
      });
      const http = host.initHttp();
      http.callOnHttpRequestHeaders(request);
      expect(result(host, "requestHeaders", "addHttpRequestHeader")).toBe("2");
      expect(result(host, "requestHeaders", "replaceHttpRequestHeader")).toBe("2");
      expect(http.getRequestHeaders()!.length).toBe(4);
      const errors = host.getLogs("error").filter((l) => l.startsWith("gatewasm: bad header: "));
      expect(errors.length).toBe(2);
      // Control characters in a rejected name are shown as '?': one call, one log line.
      for (const e of errors) expect(e).not.toMatch(/[\r\n\0]/);
    });
  }

  it("accepts RFC 9110 tokens and pseudo-headers", async () => {
    const host = await start("raw-script", {
      requestHeaders: [
        ["isValidHeaderName", "x-Custom_Header.1~!#$%&'*+^`|"],
        ["isValidHeaderName", ":authority"],
        ["isValidHeaderName", ":"],
        ["isValidHeaderName", "a b"],
        ["isValidHeaderValue", "tab\tand spaces are fine"],
        ["isValidHeaderValue", "no\rcr"],
      ],
    });
    host.initHttp().callOnHttpRequestHeaders(request);
    const lines = host.getLogs("info").filter((l) => l.startsWith("requestHeaders isValid"));
    expect(lines.map((l) => l.split(" -> ")[1])).toEqual(["true", "true", "false", "false", "true", "false"]);
  });

  it("refuses a whole replacement map if one pair is bad, and sends nothing", async () => {
    const host = await start("raw-script", {
      requestHeaders: [
        [
          "replaceHttpRequestHeaders",
          [
            ["x-good", "1"],
            ["x-bad", "a\r\nb"],
          ],
        ],
      ],
      requestHeadersAction: 4,
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    expect(result(host, "requestHeaders", "replaceHttpRequestHeaders")).toBe("2");
    expect(http.getRequestHeaders()).toEqual(Object.entries(request));
  });

  it("refuses a pair that is not exactly [name, value]", async () => {
    const host = await start("raw-script", {
      requestHeaders: [["replaceHttpRequestHeaders", [["x-one"], ["x-two", "2"]]]],
      requestHeadersAction: 4,
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    expect(result(host, "requestHeaders", "replaceHttpRequestHeaders")).toBe("2");
  });
});

describe("local replies", () => {
  it("sendHttpResponse answers with status, headers and body, and forces Stop", async () => {
    const host = await start("raw-script", {
      requestHeaders: [
        [
          "sendHttpResponse",
          429,
          [
            ["x-limit", "10"],
            ["content-type", "text/plain; charset=utf-8"],
          ],
          "Too many requests\n",
        ],
      ],
    });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(request)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    const reply = http.getLocalResponse()!;
    expect(reply.statusCode).toBe(429);
    expect(reply.body.toString()).toBe("Too many requests\n");
    expect(reply.headers).toContainEqual(["x-limit", "10"]);
    expect(reply.headers).toContainEqual(["content-type", "text/plain; charset=utf-8"]);
    expect(result(host, "requestHeaders", "sendHttpResponse")).toBe("0");
  });

  it("sendHttpResponse with null headers and null body sends an empty reply", async () => {
    const host = await start("raw-script", { requestHeaders: [["sendHttpResponse", 204, null, null]] });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    const reply = http.getLocalResponse()!;
    expect(reply.statusCode).toBe(204);
    expect(reply.body.length).toBe(0);
  });

  it("sendHttpResponseWithDetail passes response-code details", async () => {
    const host = await start("raw-script", {
      requestHeaders: [["sendHttpResponseWithDetail", 403, "my-plugin.denied", [], "no"]],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    expect(http.getLocalResponse()!.details).toBe("my-plugin.denied");
    expect(http.getLocalResponse()!.statusCode).toBe(403);
  });

  it("a local reply with an invalid header is refused and nothing is sent", async () => {
    const host = await start("raw-script", {
      requestHeaders: [["sendHttpResponse", 200, [["x-bad", "a\nb"]], "body"]],
    });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(request)).toBe(HeaderStatus.Continue);
    expect(http.getLocalResponse()).toBeNull();
    expect(result(host, "requestHeaders", "sendHttpResponse")).toBe("2");
  });

  it("a local reply status outside 200 to 599 is refused and nothing is sent", async () => {
    for (const status of [0, 100, 199, 600, 1000]) {
      const host = await start("raw-script", { requestHeaders: [["sendHttpResponse", status, null, "x"]] });
      const http = host.initHttp();
      expect(http.callOnHttpRequestHeaders(request)).toBe(HeaderStatus.Continue);
      expect(http.getLocalResponse()).toBeNull();
      expect(result(host, "requestHeaders", "sendHttpResponse")).toBe("2");
    }
    for (const status of [200, 599]) {
      const host = await start("raw-script", { requestHeaders: [["sendHttpResponse", status, null, "x"]] });
      const http = host.initHttp();
      http.callOnHttpRequestHeaders(request);
      expect(http.getLocalResponse()!.statusCode).toBe(status);
    }
  });

  it("the plugin's own response callbacks run on its local reply", async () => {
    const host = await start("raw-script", {
      requestHeaders: [["sendHttpResponse", 200, [], "hi"]],
      responseHeaders: [
        ["getHttpResponseHeader", ":status"],
        ["addHttpResponseHeader", "x-seen", "yes"],
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request);
    expect(result(host, "responseHeaders", "getHttpResponseHeader")).toBe('"200"');
    expect(http.getLocalResponse()!.headers).toContainEqual(["x-seen", "yes"]);
  });
});
