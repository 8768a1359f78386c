// Bad input never traps: mangled configurations are either accepted or refused with a
// configuration line, and odd requests are served. A seeded generator keeps runs repeatable;
// the million-input fuzzing is the benchmarks' business.
import { describe, expect, it } from "vitest";
import { TestHost } from "@gatewasm/host";
import { request, wasmPath } from "../support/mock-plugin.js";

function generator(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const pieces = [
  '"mockEnable"',
  '"requestHeaders"',
  '"mockStatusCode"',
  '"mockHeaders"',
  '"mockBody"',
  '"_rules_"',
  '"_match_route_"',
  "true",
  "null",
  "-1",
  "200",
  "1e400",
  '"x"',
  '"\\u0000"',
  '"a b"',
  "{",
  "}",
  "[",
  "]",
  ":",
  ",",
  '"\\ud800"',
  '":path"',
];

describe("unit: bad input never traps", () => {
  it("mangled configurations are accepted or refused, never a trap", async () => {
    const next = generator(42);
    const base =
      '{"mockEnable":true,"mockStatusCode":201,"mockHeaders":{"x-a":["1","2"]},"mockBody":{"a":[1,{"b":null}]},"_rules_":[{"_match_route_":["r"],"requestHeaders":{"h":"v"}}]}';
    for (let i = 0; i < 300; i++) {
      let text = base;
      for (let edits = 1 + next(4); edits > 0; edits--) {
        const at = next(text.length + 1);
        const cut = next(4);
        text = text.slice(0, at) + (next(2) ? pieces[next(pieces.length)] : "") + text.slice(at + cut);
      }
      const started = await TestHost.tryStart({ wasm: wasmPath, config: text, pluginName: "mock" });
      if (started.error) {
        expect(started.error.logs.map((l) => l.message).join("\n"), text).toContain("configuration rejected");
        continue;
      }
      const http = started.host.initHttp({ routeName: "r" });
      http.callOnHttpRequestHeaders(request, true);
      expect(started.host.vmFailed, text).toBe(false);
    }
  });

  it("requests with odd headers pass through and get hello: world", async () => {
    const host = await TestHost.start({ wasm: wasmPath, config: {} });
    const extras: Record<string, string>[] = [
      {},
      { hello: "" },
      { "x-long": "v".repeat(60_000) },
      { "x-utf8": "\u00e9\u4e2d" },
    ];
    for (const extra of extras) {
      const http = host.initHttp();
      http.callOnHttpRequestHeaders({ ...request, ...extra }, true);
      expect(http.getUpstreamRequest()?.headers).toContainEqual(["hello", "world"]);
    }
    expect(host.vmFailed).toBe(false);
  });
});
