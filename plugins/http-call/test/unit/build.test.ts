// The shipped release build: small, and loadable by stock Envoy as well as Higress.
// It checks this package's own release, so gatewasm new leaves this file out of new plugins.
import { describe, expect, it } from "vitest";
import { readWasmModule } from "@gatewasm/host";
import { wasm } from "../support/plugin-host.ts";

describe("http-call build", () => {
  const info = readWasmModule(wasm);

  it("is at most 36 KiB (its package.json budget)", () => {
    expect(wasm.length).toBeLessThanOrEqual(36 * 1024);
  });

  it("imports only proxy-wasm functions stock Envoy provides (no Higress-only Redis calls)", () => {
    expect(info.imports.length).toBeGreaterThan(0);
    for (const imp of info.imports) {
      expect(imp.module).toBe("env");
      expect(imp.name).toMatch(/^proxy_/);
      expect(imp.name).not.toMatch(/redis/);
    }
    expect(info.imports.map((i) => i.name)).toContain("proxy_http_call");
  });

  it("exports the ABI marker, an allocator, memory and _initialize, and has no start section", () => {
    const names = info.exports.map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "proxy_abi_version_0_2_1",
        "malloc",
        "memory",
        "_initialize",
        "proxy_on_http_call_response",
      ]),
    );
    expect(info.hasStartSection).toBe(false);
  });
});
