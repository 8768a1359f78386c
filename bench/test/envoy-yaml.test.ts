// The generated envoy.yaml files are ones the gateway runs without a warning: the throughput
// rows must differ only in their filter.
import { describe, expect, it } from "vitest";
import { parseEnvoyYaml } from "@gatewasm/host";
import { envoyYaml } from "../src/gateway/envoy-yaml.js";

describe("benchmark envoy.yaml", () => {
  for (const filter of [
    null,
    { name: "mock", flavor: "envoy" as const, configuration: "{}" },
    { name: "redis-ratelimit", flavor: "higress" as const, configuration: "{}" },
  ]) {
    it(`${filter?.name ?? "no filter"}: parses with no warning`, () => {
      const parsed = parseEnvoyYaml(envoyYaml(filter));
      expect(parsed.warnings).toEqual([]);
      expect(parsed.listeners[0].hcm.filters.length).toBe(filter ? 2 : 1); // and the router
    });
  }
});
