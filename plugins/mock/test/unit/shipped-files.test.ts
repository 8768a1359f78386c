// What ships beside the .wasm stays true to it: every example config starts and serves a
// request, envoy.yaml carries the seed's configuration, spec.yaml and both READMEs document
// exactly the keys the plugin accepts and the build's size.
// It checks this package's own release, so gatewasm new leaves this file out of new plugins.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { envoyYamlPath, pluginDir, request, startMock, wasmPath } from "../support/mock-plugin.js";

const KEYS = ["mockEnable", "requestHeaders", "mockStatusCode", "mockHeaders", "mockBody"];
const examples = readdirSync(join(pluginDir, "config")).filter((f) => f.endsWith(".json"));

describe("unit: shipped files", () => {
  for (const file of examples) {
    it(`config/${file} starts and serves a request`, async () => {
      const host = await startMock(readFileSync(join(pluginDir, "config", file), "utf8"));
      const http = host.initHttp({ routeName: "payments-sandbox" });
      http.callOnHttpRequestHeaders(request, true);
      expect(http.getLocalResponse() ?? http.getUpstreamRequest()).not.toBeNull();
      expect(host.vmFailed).toBe(false);
    });
  }

  it('envoy.yaml configures the plugin with the seed\'s {"mockEnable": false}', () => {
    const text = readFileSync(envoyYamlPath, "utf8");
    const configuration = /value: \|\n( +\{[\s\S]*?\n +\})\n/.exec(text)?.[1];
    expect(JSON.parse(configuration ?? "null")).toEqual({ mockEnable: false });
    expect(text).toContain("filename: /etc/envoy/main.wasm");
  });

  it("spec.yaml's schema lists exactly the plugin's keys", () => {
    const spec = parse(readFileSync(join(pluginDir, "spec.yaml"), "utf8"));
    expect(spec.info.name).toBe("mock");
    expect(Object.keys(spec.spec.configSchema.openAPIV3Schema.properties)).toEqual(KEYS);
  });

  for (const readme of ["README.md", "README_ZH.md"]) {
    const text = readFileSync(join(pluginDir, readme), "utf8");

    it(`${readme}'s config table has a row for each key`, () => {
      const rows = [...text.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
      expect(rows).toEqual(KEYS);
    });

    it(`${readme} states the release build's size`, () => {
      expect(text).toContain(statSync(wasmPath).size.toLocaleString("en-US"));
    });
  }
});
