// A Wasm start section runs inside instantiation, before cpp-host has a context. It is a
// problem only when it can reach a host import that needs one (src/exports.cc
// contextOrEffectiveContext): the loader follows the call graph from the start function.
import { describe, expect, it } from "vitest";
import { readWasmModule, TestHost } from "../src/index.js";
import { linkVerdict, startReach } from "../src/internal.js";
import { plugin } from "./support/wat.js";

const LOG = `(import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))`;
const TICK = `(import "env" "proxy_set_tick_period_milliseconds" (func $tick (param i32) (result i32)))`;
const PTHREAD = `(import "env" "pthread_equal" (func $eq (param i32 i32) (result i32)))`;

const reach = (bytes: Uint8Array) => startReach(bytes, readWasmModule(bytes));

describe("the start-section verdict", () => {
  it("loads a module whose start function only sets globals, and runs it", async () => {
    const bytes = plugin({
      imports: LOG,
      body: `(global $ready (mut i32) (i32.const 0))
        (func $init (global.set $ready (i32.const 7)))
        (start $init)
        (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (global.get $ready))
        (func (export "proxy_on_context_create") (param i32 i32) (drop (call $log (i32.const 2) (i32.const 0) (i32.const 0))))`,
    });
    expect(reach(bytes)).toEqual({ hasStart: true, contextImports: [], abortPathImports: [] });
    const v = linkVerdict(bytes, "envoy");
    expect(v.loads).toBe(true);
    const host = await TestHost.start({ wasm: bytes });
    expect(host.vmFailed).toBe(false);
    host.close();
  });

  it("refuses one whose start function reaches proxy_log through a helper, naming the import", async () => {
    const bytes = plugin({
      imports: `${LOG} ${TICK}`,
      body: `(func $helper (drop (call $log (i32.const 2) (i32.const 0) (i32.const 0))))
        (func $init (call $helper))
        (start $init)
        (func (export "unused") (drop (call $tick (i32.const 5))))`,
    });
    expect(reach(bytes).contextImports).toEqual(["env.proxy_log"]);
    const v = linkVerdict(bytes, "envoy");
    expect(v.loads).toBe(false);
    expect(v.problems).toEqual([expect.objectContaining({ kind: "start", subject: "env.proxy_log" })]);
    expect(v.problems[0].message).toMatch(
      /^Failed to create new Wasm instance: the start function can call env\.proxy_log before the host has a context/,
    );
    const r = await TestHost.tryStart({ wasm: bytes });
    expect(r.error?.message).toBe(v.problems[0].message);
  });

  it("follows call_indirect to every function in the table, conservatively", () => {
    const bytes = plugin({
      imports: `${LOG} ${TICK}`,
      body: `(type $v (func))
        (table 2 funcref)
        (elem (i32.const 0) $quiet $loud)
        (func $quiet)
        (func $loud (drop (call $tick (i32.const 5))))
        (func $init (call_indirect (type $v) (i32.const 0)))
        (start $init)`,
    });
    expect(reach(bytes).contextImports).toEqual(["env.proxy_set_tick_period_milliseconds"]);
    expect(linkVerdict(bytes, "envoy").problems.map((p) => p.subject)).toEqual([
      "env.proxy_set_tick_period_milliseconds",
    ]);
  });

  it("counts functions taken with ref.func as indirect targets too", () => {
    const bytes = plugin({
      imports: LOG,
      body: `(type $v (func))
        (table 1 funcref)
        (func $loud (drop (call $log (i32.const 2) (i32.const 0) (i32.const 0))))
        (elem declare func $loud)
        (func $init (table.set (i32.const 0) (ref.func $loud)) (call_indirect (type $v) (i32.const 0)))
        (start $init)`,
    });
    expect(reach(bytes).contextImports).toEqual(["env.proxy_log"]);
  });

  it("does not count an abort path (call then unreachable, as AssemblyScript's abort) as reaching the host", async () => {
    const bytes = plugin({
      imports: LOG,
      body: `(func $abort (drop (call $log (i32.const 5) (i32.const 0) (i32.const 0))))
        (global $size (mut i32) (i32.const 8))
        (func $init (if (i32.gt_u (global.get $size) (i32.const 1024)) (then (call $abort) (unreachable))))
        (start $init)`,
    });
    expect(reach(bytes)).toEqual({ hasStart: true, contextImports: [], abortPathImports: ["env.proxy_log"] });
    expect(linkVerdict(bytes, "envoy").loads).toBe(true);
    const host = await TestHost.start({ wasm: bytes });
    expect(host.vmFailed).toBe(false);
    host.close();
    // The same call on a path that goes on is a real call.
    const goesOn = plugin({
      imports: LOG,
      body: `(func $abort (drop (call $log (i32.const 5) (i32.const 0) (i32.const 0))))
        (func $init (call $abort) (nop))
        (start $init)`,
    });
    expect(reach(goesOn).contextImports).toEqual(["env.proxy_log"]);
  });

  it("lets the start function call what cpp-host runs without a context (pthread_equal)", async () => {
    const bytes = plugin({
      imports: PTHREAD,
      body: `(global $same (mut i32) (i32.const 0))
        (func $init (global.set $same (call $eq (i32.const 3) (i32.const 3))))
        (start $init)
        (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (global.get $same))`,
    });
    expect(reach(bytes).contextImports).toEqual([]);
    const host = await TestHost.start({ wasm: bytes });
    expect(host.vmFailed).toBe(false);
    host.close();
  });

  it("ignores imports only reachable from elsewhere, and modules with no start section", () => {
    const noStart = plugin({
      imports: LOG,
      body: `(func (export "f") (drop (call $log (i32.const 2) (i32.const 0) (i32.const 0))))`,
    });
    expect(reach(noStart)).toEqual({ hasStart: false, contextImports: [], abortPathImports: [] });
    expect(linkVerdict(noStart, "envoy").loads).toBe(true);
  });
});
