// Envoy's load-time refusals (proxy-wasm-cpp-host src/wasm.cc, src/v8/v8.cc), word for word.
import { describe, expect, it } from "vitest";
import { HeaderStatus, TestHost, WasmLoadError } from "../src/index.js";
import { linkModule } from "../src/internal.js";
import { plugin, wat } from "./support/wat.js";

function refusal(bytes: Uint8Array, flavor: "envoy" | "higress" = "envoy"): string {
  try {
    linkModule(bytes, flavor);
  } catch (e) {
    expect(e).toBeInstanceOf(WasmLoadError);
    return (e as Error).message;
  }
  throw new Error("the module was accepted");
}

describe("linking like Envoy", () => {
  it("accepts a minimal 0.2.1 module and reports its allocator", () => {
    const linked = linkModule(plugin(), "envoy");
    expect(linked.abiVersion).toBe("0_2_1");
    expect(linked.allocator).toBe("malloc");
  });

  it("refuses a module that imports env.abort (AssemblyScript's default abort)", () => {
    const bytes = plugin({ imports: `(import "env" "abort" (func (param i32 i32 i32 i32)))` });
    expect(refusal(bytes)).toBe("Failed to load Wasm module due to a missing import: env.abort");
  });

  it("refuses AssemblyScript's other default imports", () => {
    expect(refusal(plugin({ imports: `(import "env" "seed" (func (result f64)))` }))).toBe(
      "Failed to load Wasm module due to a missing import: env.seed",
    );
    expect(refusal(plugin({ imports: `(import "env" "Date.now" (func (result f64)))` }))).toBe(
      "Failed to load Wasm module due to a missing import: env.Date.now",
    );
    expect(refusal(plugin({ imports: `(import "env" "trace" (func (param i32 i32 f64 f64 f64 f64 f64)))` }))).toBe(
      "Failed to load Wasm module due to a missing import: env.trace",
    );
  });

  it("refuses a module without an ABI marker", () => {
    const bytes = wat(
      `(module (memory (export "memory") 1) (func (export "malloc") (param i32) (result i32) i32.const 0))`,
    );
    expect(refusal(bytes)).toBe("Missing or unknown Proxy-Wasm ABI version");
  });

  it("refuses a module without an allocator", () => {
    const bytes = wat(`(module (memory (export "memory") 1) (func (export "proxy_abi_version_0_2_1")))`);
    expect(refusal(bytes)).toBe("Wasm module is missing malloc function.");
  });

  it("falls back to proxy_on_memory_allocate only when malloc is absent", () => {
    const bytes = wat(`(module (memory (export "memory") 1) (func (export "proxy_abi_version_0_2_1"))
      (func (export "proxy_on_memory_allocate") (param i32) (result i32) i32.const 8))`);
    expect(linkModule(bytes, "envoy").allocator).toBe("proxy_on_memory_allocate");
  });

  it("refuses an import whose signature differs from the host's", () => {
    const bytes = plugin({ imports: `(import "env" "proxy_log" (func (param i32 i32) (result i32)))` });
    expect(refusal(bytes)).toBe(
      "Failed to load Wasm module due to an import type mismatch: env.proxy_log, want: i32 i32 -> i32, but host exports: i32 i32 i32 -> i32",
    );
  });

  it("refuses an exported callback with the wrong signature", () => {
    const bytes = plugin({
      body: `(func (export "proxy_on_request_headers") (param i32 i32) (result i32) i32.const 0)`,
    });
    expect(refusal(bytes)).toBe(
      "Bad function signature for: proxy_on_request_headers, want: i32 i32 i32 -> i32, but the module exports: i32 i32 -> i32",
    );
  });

  it("offers the Higress Redis calls only under the higress flavor", () => {
    const bytes = plugin({
      imports: `(import "env" "proxy_redis_call" (func (param i32 i32 i32 i32 i32) (result i32)))`,
    });
    expect(refusal(bytes, "envoy")).toBe("Failed to load Wasm module due to a missing import: env.proxy_redis_call");
    expect(linkModule(bytes, "higress").hostFunctions.has("env.proxy_redis_call")).toBe(true);
  });

  it("registers proxy_get_log_level only for the 0.2.1 marker", () => {
    const imp = `(import "env" "proxy_get_log_level" (func (param i32) (result i32)))`;
    expect(linkModule(plugin({ imports: imp }), "envoy").abiVersion).toBe("0_2_1");
    expect(refusal(plugin({ imports: imp, marker: "proxy_abi_version_0_2_0" }))).toBe(
      "Failed to load Wasm module due to a missing import: env.proxy_get_log_level",
    );
  });

  it("refuses bytes that are not WebAssembly", () => {
    expect(refusal(new TextEncoder().encode("not wasm at all"))).toBe("Failed to parse corrupted Wasm module");
  });

  it("runs _initialize restricted: a host call other than logging fails the start", async () => {
    const bytes = plugin({
      imports: `(import "env" "proxy_set_tick_period_milliseconds" (func $tick (param i32) (result i32)))`,
      body: `(func (export "_initialize") (drop (call $tick (i32.const 100))))`,
    });
    const r = await TestHost.tryStart({ wasm: bytes });
    expect(r.error?.message).toMatch(
      /Failed to start base Wasm: restricted_callback: env.proxy_set_tick_period_milliseconds/,
    );
  });

  it("lets _initialize log", async () => {
    const bytes = plugin({
      imports: `(import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))`,
      body: `(data (i32.const 16) "starting")
        (func (export "_initialize") (drop (call $log (i32.const 2) (i32.const 16) (i32.const 8))))`,
    });
    const host = await TestHost.start({ wasm: bytes });
    expect(host.logs.map((e) => `${e.levelName} ${e.message}`)).toEqual(["info starting"]);
  });
});

describe("Higress's 0.2.100 marker", () => {
  const module = plugin({
    marker: "proxy_abi_version_0_2_100",
    body: `(func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) i32.const 1)`,
  });

  it("is unknown to stock Envoy and known to Higress", () => {
    expect(refusal(module, "envoy")).toBe("Missing or unknown Proxy-Wasm ABI version");
    expect(linkModule(module, "higress").abiVersion).toBe("0_2_100");
  });

  it("keeps StopIteration from on_request_headers instead of turning it into StopAllIterationAndWatermark", async () => {
    const host = await TestHost.start({ wasm: module, flavor: "higress" });
    expect(host.initHttp().callOnHttpRequestHeaders({ ":path": "/" })).toBe(HeaderStatus.StopIteration);
  });
});
