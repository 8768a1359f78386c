// Higress's `plugin_vm_memory` property (read by wasm-go's WithRebuildMaxMemBytes): the VM's
// linear memory size, 8 bytes little-endian, in the higress flavor; stock Envoy has no such
// property.
import { describe, expect, it } from "vitest";
import { WasmResult } from "../src/index.js";
import { call, REQUEST, results, scripted } from "./support/script.js";

describe("plugin_vm_memory", () => {
  it("is the VM's memory size on Higress, in every context", async () => {
    const host = await scripted(
      {
        configure: [call("get_property", "plugin_vm_memory")],
        request_headers: [call("get_property", "plugin_vm_memory")],
      },
      { flavor: "higress" },
    );
    host.initHttp().callOnHttpRequestHeaders(REQUEST);
    const r = results(host);
    expect(r).toHaveLength(2);
    for (const x of r) {
      expect(x.rc).toBe(WasmResult.Ok);
      expect(x.bytes?.length).toBe(8);
      const size = x.bytes!.readBigUInt64LE(0);
      expect(size % 65536n).toBe(0n);
      expect(size).toBeGreaterThanOrEqual(65536n);
    }
  });

  it("is not found on stock Envoy", async () => {
    const host = await scripted({ configure: [call("get_property", "plugin_vm_memory")] });
    expect(results(host)[0].rc).toBe(WasmResult.NotFound);
  });
});
