// A wrong configuration keeps the gateway from starting, with the plugin's line naming the key,
// as Envoy refuses the same envoy.yaml (`gatewasm run` then exits 1: tools/cli's run tests).
import { describe, expect, it } from "vitest";
import { pluginGateway } from "@gatewasm/host";
import { pluginDir } from "../support/mock-plugin.js";

const cases: [object, string][] = [
  [{ mockEnable: "yes" }, "$.mockEnable: expected a boolean (true or false), got a string"],
  [{ requestHeaders: { host: "other.example" } }, "$.requestHeaders.host: is set by the gateway"],
];

describe("integration: a wrong configuration refuses to start, naming the key", () => {
  it.each(cases)("%j: configuration rejected", async (configuration, message) => {
    const start = pluginGateway(pluginDir, { configuration });
    await expect(start).rejects.toThrow(`configuration rejected: ${message}`);
    await expect(start).rejects.toThrow("Unable to create Wasm HTTP filter mock");
  });
});
