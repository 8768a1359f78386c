// The shipped file itself: its size, what it imports (only what stock Envoy provides) and
// that the package exports it under the name users resolve.
// It checks this package's own release, so gatewasm new leaves this file out of new plugins.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { readWasmModule } from "@gatewasm/host";
import { wasmPath } from "../support/mock-plugin.js";

describe("unit: mock release build", () => {
  const bytes = readFileSync(wasmPath);
  const info = readWasmModule(bytes);

  it("is at most 30 KiB (its package.json budget)", () => {
    expect(bytes.length).toBeLessThanOrEqual(30 * 1024);
  });

  it("imports only proxy-wasm functions, none of them Higress-only", () => {
    for (const imp of info.imports) {
      expect(imp.module).toBe("env");
      expect(imp.name).toMatch(/^proxy_/);
      expect(imp.name).not.toMatch(/^proxy_redis_/);
    }
  });

  it("exports the ABI marker, an allocator, memory and _initialize, and has no start section", () => {
    const names = info.exports.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(["proxy_abi_version_0_2_1", "malloc", "memory", "_initialize"]));
    expect(info.hasStartSection).toBe(false);
  });

  it("is what @gatewasm/plugin-mock/plugin.wasm resolves to", () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve("@gatewasm/plugin-mock/plugin.wasm")).toBe(wasmPath);
  });
});
