// Every example in config/ (shipped in the package) starts the plugin, and the configuration
// in envoy.yaml is one the plugin accepts.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TestHost, parseEnvoyYaml } from "@gatewasm/host";
import { wasm } from "../support/plugin-host.ts";

const configDir = fileURLToPath(new URL("../../config/", import.meta.url));
const envoyYaml = fileURLToPath(new URL("../../envoy.yaml", import.meta.url));

describe("example configurations", () => {
  const files = readdirSync(configDir).filter((f) => f.endsWith(".json"));

  it("ship at least the seed's configuration", () => {
    expect(files).toContain("seed.json");
  });

  it.each(files)("config/%s starts the plugin", async (file) => {
    const host = await TestHost.start({ wasm, config: readFileSync(`${configDir}${file}`, "utf8") });
    expect(host.getLogs("error")).toEqual([]);
    expect(host.getLogs("warn")).toEqual([]);
  });

  it("envoy.yaml's configuration starts the plugin and calls the Higress-named token cluster", async () => {
    const gateway = parseEnvoyYaml(readFileSync(envoyYaml, "utf8"));
    expect(gateway.clusters.map((c) => c.name)).toEqual(["httpbin", "outbound|80||token.static"]);
    const filter = gateway.listeners[0].hcm.filters.find((f) => f.kind === "wasm");
    if (filter?.kind !== "wasm") throw new Error("envoy.yaml has no wasm filter");
    const host = await TestHost.start({ wasm, config: filter.plugin.configuration });
    host.initHttp().callOnHttpRequestHeaders({ ":authority": "x", ":method": "GET", ":path": "/", ":scheme": "http" });
    expect(host.getHttpCalls()[0].cluster).toBe("outbound|80||token.static");
  });
});
