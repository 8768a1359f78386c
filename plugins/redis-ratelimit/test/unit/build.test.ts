// The shipped release build: size budget, what it imports, and that it loads on Higress only.
// It checks this package's own release, so gatewasm new leaves this file out of new plugins.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TestHost, readWasmModule } from "@gatewasm/host";
import { baseConfig, wasmPath } from "../support/unit.ts";

describe("redis-ratelimit build", () => {
  const bytes = readFileSync(wasmPath);
  const info = readWasmModule(bytes);
  const imports = info.imports.map((i) => `${i.module}.${i.name}`);

  it("is at most 42 KiB (its package.json budget)", () => {
    expect(bytes.length).toBeLessThanOrEqual(42 * 1024);
  });

  it("imports only proxy-wasm functions, Higress's Redis calls among them", () => {
    for (const imp of info.imports) {
      expect(imp.module).toBe("env");
      expect(imp.name).toMatch(/^proxy_/);
    }
    expect(imports).toEqual(expect.arrayContaining(["env.proxy_redis_init", "env.proxy_redis_call"]));
  });

  it("exports the ABI marker, an allocator, memory and _initialize, and has no start section", () => {
    const names = info.exports.map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "proxy_abi_version_0_2_1",
        "malloc",
        "memory",
        "_initialize",
        "proxy_on_redis_call_response",
      ]),
    );
    expect(info.hasStartSection).toBe(false);
  });

  it("is refused by stock Envoy (no Redis calls there) and loads on Higress", async () => {
    const onEnvoy = await TestHost.tryStart({ wasm: wasmPath, config: baseConfig, flavor: "envoy" });
    expect(onEnvoy.error?.message).toMatch(/missing import: env\.proxy_redis_/);
    const onHigress = await TestHost.tryStart({ wasm: wasmPath, config: baseConfig, flavor: "higress" });
    expect(onHigress.error).toBeUndefined();
  });
});
