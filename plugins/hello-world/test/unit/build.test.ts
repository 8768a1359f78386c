// hello-world's shipped release build: its size goal, what it imports, what it exports.
// It checks this package's own release, so gatewasm new leaves this file out of new plugins.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readWasmModule } from "@gatewasm/host";

const wasmPath = fileURLToPath(new URL("../../build/plugin.wasm", import.meta.url));

describe("unit: hello-world build", () => {
  const bytes = readFileSync(wasmPath);
  const info = readWasmModule(bytes);

  it("is at most 6 KiB (its package.json budget)", () => {
    expect(bytes.length).toBeLessThanOrEqual(6 * 1024);
  });

  it("imports only proxy-wasm functions that Envoy provides", () => {
    for (const imp of info.imports) {
      expect(imp.module).toBe("env");
      expect(imp.name).toMatch(/^proxy_/);
    }
  });

  it("exports the ABI marker, an allocator, memory and _initialize, and has no start section", () => {
    const names = info.exports.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(["proxy_abi_version_0_2_1", "malloc", "memory", "_initialize"]));
    expect(info.hasStartSection).toBe(false);
  });
});
