// Memory and start-up limits (cpp-host limits.h, WasmBase::startVm, V8::link).
import { describe, expect, it } from "vitest";
import { readWasmModule, TestHost, WasmLoadError } from "../src/index.js";
import { capMemoryPages, linkModule, MAX_MEMORY_PAGES } from "../src/internal.js";
import { grow, scripted } from "./support/script.js";
import { plugin, wat } from "./support/wat.js";

describe("1 GiB of linear memory", () => {
  it("writes the ceiling into the module's memory section", () => {
    const bytes = plugin();
    const capped = capMemoryPages(bytes, readWasmModule(bytes));
    expect(readWasmModule(capped).memories).toEqual([{ min: 1, max: MAX_MEMORY_PAGES, flags: 1 }]);
    const small = wat(
      `(module (memory (export "memory") 1 3) (func (export "proxy_abi_version_0_2_1")) (func (export "malloc") (param i32) (result i32) i32.const 0))`,
    );
    expect(readWasmModule(capMemoryPages(small, readWasmModule(small))).memories[0].max).toBe(3);
  });

  it("refuses a module whose initial memory is over the limit", () => {
    const big = wat(
      `(module (memory (export "memory") 16385) (func (export "proxy_abi_version_0_2_1")) (func (export "malloc") (param i32) (result i32) i32.const 0))`,
    );
    expect(() => capMemoryPages(big, linkModule(big, "envoy").info)).toThrow(WasmLoadError);
  });

  it("lets memory.grow fail with -1 past the ceiling instead of growing", async () => {
    const host = await scripted({ configure: [grow(1), grow(MAX_MEMORY_PAGES)] });
    const grows = host.logs.filter((l) => l.message.startsWith("@grow ")).map((l) => Number(l.message.slice(6)));
    expect(grows[0]).toBeGreaterThan(0);
    expect(grows[1]).toBe(-1);
  });
});

describe("start-up", () => {
  it("refuses a module whose start section calls a host function (there is no context yet)", async () => {
    const bytes = plugin({
      imports: `(import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))`,
      body: `(func $start (drop (call $log (i32.const 2) (i32.const 0) (i32.const 0)))) (start $start)`,
    });
    const r = await TestHost.tryStart({ wasm: bytes });
    expect(r.error?.message).toMatch(
      /^Failed to create new Wasm instance: the start function can call env\.proxy_log before the host has a context/,
    );
  });

  it("lets _initialize read the clock and environment but not set a tick", async () => {
    const ok = plugin({
      imports: `(import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))`,
      body: `(func (export "_initialize") (drop (call $clock (i32.const 0) (i64.const 1) (i32.const 64))))`,
    });
    expect((await TestHost.tryStart({ wasm: ok })).error).toBeUndefined();
  });

  it("calls malloc restricted: an allocator that calls a non-logging host function traps the VM", async () => {
    const bytes = wat(`(module
      (import "env" "proxy_get_buffer_bytes" (func $gbb (param i32 i32 i32 i32 i32) (result i32)))
      (import "env" "proxy_set_tick_period_milliseconds" (func $tick (param i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "proxy_abi_version_0_2_1"))
      (func (export "malloc") (param i32) (result i32) (drop (call $tick (i32.const 5))) (i32.const 1024))
      (func (export "proxy_on_configure") (param i32 i32) (result i32)
        (drop (call $gbb (i32.const 7) (i32.const 0) (i32.const 100) (i32.const 16) (i32.const 20)))
        (i32.const 1)))`);
    const r = await TestHost.tryStart({ wasm: bytes, config: "{}" });
    expect(r.error?.message).toMatch(/Unable to create Wasm HTTP filter/);
    expect(r.error?.logs.map((l) => l.message).join("\n")).toMatch(
      /Function: malloc failed: restricted_callback: env.proxy_set_tick_period_milliseconds/,
    );
  });
});
