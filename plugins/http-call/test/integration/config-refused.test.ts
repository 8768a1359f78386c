// A wrong configuration keeps the gateway from starting, with the plugin's line naming the key,
// as Envoy refuses the same envoy.yaml (`gatewasm run` then exits 1: tools/cli's run tests).
// The shipped envoy.yaml is used with only its plugin configuration replaced.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { pluginGateway } from "@gatewasm/host";

const pluginDir = fileURLToPath(new URL("../../", import.meta.url));

const cases: [object, string][] = [
  [
    { serviceName: "token.static", servicePort: 80, requestPath: "/token", tokenHeader: "x-token", timout: 1000 },
    '$.timout: unknown key (did you mean "timeout"?)',
  ],
  [
    { serviceName: "token", servicePort: 80, requestPath: "/token", tokenHeader: "x-token" },
    "$.serviceName: expected a service name with its type suffix",
  ],
];

describe("integration: the gateway refuses a wrong configuration, naming the key", () => {
  it.each(cases)("%j: configuration rejected", async (configuration, message) => {
    await expect(pluginGateway(pluginDir, { configuration })).rejects.toThrow(`configuration rejected: ${message}`);
  });
});
