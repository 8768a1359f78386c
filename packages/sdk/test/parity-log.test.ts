// Higress parity: withLogger, enableSafeLog, parseRawConfig, setCtxWithOptions
// (test/plugins/parity-log.ts), and parseOverrideRawConfig (test/plugins/parity-raw-rules.ts).
import { describe, expect, it } from "vitest";
import { TestHost } from "@gatewasm/host";
import { pluginPath, request, start } from "./support/plugins.ts";

describe("withLogger, enableSafeLog, parseRawConfig (under setCtxWithOptions)", () => {
  it("every line, the wrapper's included, goes to the given logger; the raw parser gets the configuration's bytes", async () => {
    const host = await start("parity-log", { limit: 3, name: "x" }, { logLevel: "debug" });
    expect(host.getLogs("info")).toContain('tagged: raw config {"limit":3,"name":"x"}');
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(host.getLogs("info")).toContain("tagged: request /get safe=1");
    // Safe log: unsafeInfo goes to debug, after a newline.
    expect(host.getLogs("info").some((l) => l.includes("token=abc"))).toBe(false);
    expect(host.getLogs("debug")).toContain("tagged: \ntoken=abc");
    expect(host.getLogs().every((l) => l.startsWith("tagged: "))).toBe(true);
  });

  it("an error from the raw parser fails the configuration, through the same logger", async () => {
    const r = await TestHost.tryStart({ wasm: pluginPath("parity-log"), config: { mode: "reject" } });
    expect(r.error!.logs.map((l) => l.message)).toContain(
      "tagged: configuration rejected: raw parser rejected the configuration",
    );
  });
});

describe("parseOverrideRawConfig", () => {
  it("the global parser gets the whole configuration, each rule parser its entry's bytes", async () => {
    const config = { g: 1, _rules_: [{ _match_route_: ["r1"], x: 2 }] };
    const host = await start("parity-raw-rules", config);
    const onRule = host.initHttp({ routeName: "r1" });
    onRule.callOnHttpRequestHeaders(request);
    expect(onRule.getLocalResponse()!.body.toString()).toBe(
      `global=${JSON.stringify(config)}\nrule={"_match_route_":["r1"],"x":2}`,
    );
    const global = host.initHttp({ routeName: "other" });
    global.callOnHttpRequestHeaders(request);
    expect(global.getLocalResponse()!.body.toString()).toBe(`global=${JSON.stringify(config)}\nrule=`);
  });
});
