// The shipped release build: it loads on Higress (package.json's "gatewasm".flavor) within its
// "gatewasm".budget and is what the package's plugin.wasm export resolves to (the host's
// expectShippable, doctor's verdict); and, since it calls Redis, stock Envoy refuses it.
// It checks this package's own release, so gatewasm new leaves this file out of new plugins.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectShippable, TestHost } from "@gatewasm/host";
import { baseConfig, wasmPath } from "../support/unit.ts";

describe("redis-ratelimit build", () => {
  it("ships: loads on its flavor within its budget (doctor's verdict)", () => {
    expect(expectShippable(fileURLToPath(new URL("../../", import.meta.url))).flavor).toBe("higress");
  });

  it("is refused by stock Envoy (no Redis calls there), naming the Redis import", async () => {
    const onEnvoy = await TestHost.tryStart({ wasm: wasmPath, config: baseConfig, flavor: "envoy" });
    expect(onEnvoy.error?.message).toMatch(/missing import: env\.proxy_redis_/);
  });
});
