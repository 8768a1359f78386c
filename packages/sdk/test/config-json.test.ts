// The config JSON layer through on_configure: typed getters, defaults, required fields and
// errors that name the JSON path; on_configure fails (the plugin does not start) on any error.
import { describe, expect, it } from "vitest";
import { TestHost } from "@gatewasm/host";
import { pluginPath, request, start } from "./support/plugins.ts";

async function describeConfig(config: unknown): Promise<string> {
  const host = await start("wrapper-config", config);
  const http = host.initHttp();
  http.callOnHttpRequestHeaders(request);
  return http.getLocalResponse()!.body.toString();
}

async function rejection(config: unknown): Promise<string> {
  const r = await TestHost.tryStart({ wasm: pluginPath("wrapper-config"), config });
  expect(r.error).toBeDefined();
  const lines = r.error!.logs.filter((l) => l.levelName === "error").map((l) => l.message);
  expect(lines.length).toBeGreaterThan(0);
  return lines.join("\n");
}

describe("typed getters", () => {
  it("read every type, with exact integers and dotted paths", async () => {
    // Written as text: a JS number cannot hold 2^53 + 1.
    const body = await describeConfig(
      '{"name": "svc", "enabled": true, "limit": 9007199254740993, "ratio": 0.25, "tags": ["a", "b"],' +
        ' "redis": {"timeout": 250}, "a.b": "escaped", "object": {"x": 1, "y\u00e9": 2}}',
    );
    expect(body).toBe(
      "name=svc;enabled=true;limit=9007199254740993;ratio=0.25;tags=a|b;redis.timeout=250;dotted=escaped;keys=x|y\u00e9;origin=global",
    );
  });

  it("use the defaults for missing fields and for null", async () => {
    expect(await describeConfig({ name: null, limit: null })).toBe(
      "name=default;enabled=false;limit=10;ratio=0.5;tags=;redis.timeout=1000;dotted=;keys=;origin=global",
    );
  });

  it("accept integral numbers written with a fraction or an exponent", async () => {
    const body = await describeConfig('{"limit": 1.0e3}');
    expect(body).toContain("limit=1000;");
    expect(await describeConfig('{"limit": 15000e-1}')).toContain("limit=1500;");
    expect(await describeConfig('{"limit": -0.0}')).toContain("limit=0;");
  });

  it("decode string escapes, including surrogate pairs", async () => {
    const body = await describeConfig('{"name": "a\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00"}');
    expect(body.startsWith('name=a"b\\c/d\n\u00e9\u{1f600};')).toBe(true);
  });

  it("an empty configuration enables the plugin with the parser run on {}", async () => {
    expect(await describeConfig(undefined)).toContain("name=default;");
    expect(await describeConfig("  \n")).toContain("name=default;");
  });
});

describe("configuration errors fail on_configure and name the JSON path", () => {
  const cases: [string, unknown, string][] = [
    ["a string where a boolean is expected", { enabled: "yes" }, "$.enabled: expected a boolean, got a string"],
    ["a string where an integer is expected", { limit: "10" }, "$.limit: expected an integer, got a string"],
    ["a fraction where an integer is expected", { limit: 1.5 }, "$.limit: expected an integer, got a number"],
    ["an integer beyond 64 bits", '{"limit": 9223372036854775808}', "$.limit: expected an integer, got a number"],
    ["a number where a string is expected", { name: 5 }, "$.name: expected a string, got a number"],
    ["an object where an array is expected", { tags: { a: 1 } }, "$.tags: expected an array, got an object"],
    ["a non-string array element", { tags: ["a", 2] }, "$.tags[1]: expected a string, got a number"],
    ["a nested wrong type", { redis: { timeout: "fast" } }, "$.redis.timeout: expected an integer, got a string"],
    ["a scalar where an object is expected", { redis: 5 }, "$.redis: expected an object, got a number"],
    ["a missing required field", { strict: true }, "$.name: is required but missing"],
    ["a plugin-specific check", { limit: -1 }, "$.limit: expected a non-negative integer, got a number"],
    ["a plugin's own error", { name: "fail" }, "name must not be fail"],
    ["a configuration that is not an object", [1, 2], "expected a JSON object as the configuration, got an array"],
  ];
  for (const [what, config, message] of cases) {
    it(what, async () => {
      expect(await rejection(config)).toContain(`[wrapper-config] [-] configuration rejected: ${message}`);
    });
  }

  const malformed: [string, string][] = [
    ['{"name": "x"', "invalid JSON at byte 12: unexpected end of input"],
    ['{"name": tru}', "invalid JSON at byte 9: invalid literal"],
    ['{"name": "x",}', "invalid JSON at byte 13: expected a string key"],
    ["{'name': 1}", "invalid JSON at byte 1: expected a string key"],
    ['{"a": 01}', "invalid JSON at byte 7: expected ',' or '}'"],
    ['{"a": "\u0001"}', "invalid JSON at byte 7: control character in string"],
    ['{"a": "\\x"}', "invalid JSON at byte 7: invalid escape"],
    ['{"a": 1} x', "invalid JSON at byte 8: unexpected data after the value"],
    ["[".repeat(200) + "]".repeat(200), "invalid JSON at byte 100: nested too deeply"],
  ];
  for (const [text, message] of malformed) {
    it(`malformed JSON: ${JSON.stringify(text.slice(0, 20))}`, async () => {
      const r = await TestHost.tryStart({ wasm: pluginPath("wrapper-config"), config: text });
      expect(r.error).toBeDefined();
      expect(r.error!.logs.map((l) => l.message).join("\n")).toContain(message);
    });
  }
});
