// The rest of the WASI set, the Emscripten leftovers, and ABI 0.1.0's calls (cpp-host
// src/exports.cc, src/wasm.cc registerCallbacks). Each check logs its name when the host
// answered what cpp-host answers.
import { describe, expect, it } from "vitest";
import { HeaderStatus, TestHost } from "../src/index.js";
import { plugin, wat } from "./support/wat.js";

function checks(names: string[]): { data: string; at: (name: string) => string } {
  let offset = 2048;
  const where = new Map<string, number>();
  const data = names.map((n) => {
    where.set(n, offset);
    const d = `(data (i32.const ${offset}) "${n}")`;
    offset += n.length + 1;
    return d;
  });
  return { data: data.join("\n"), at: (n) => `(i32.const ${where.get(n)}) (i32.const ${n.length})` };
}

describe("the rest of WASI and env", () => {
  it("answers each stub as cpp-host does", async () => {
    const names = [
      "fd_read",
      "fd_seek",
      "fd_close",
      "fdstat1",
      "fdstat5",
      "args_sizes",
      "args_get",
      "path_open",
      "prestat",
      "prestat_dir",
      "pthread_eq",
      "pthread_ne",
      "emscripten",
      "unstable_write",
    ];
    const c = checks(names);
    const bytes = plugin({
      imports: `
        (import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fdstat (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $prestat_dir (param i32 i32 i32) (result i32)))
        (import "wasi_unstable" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
        (import "env" "pthread_equal" (func $pe (param i32 i32) (result i32)))
        (import "env" "emscripten_notify_memory_growth" (func $emg (param i32)))`,
      body: `${c.data}
        (data (i32.const 300) "\\07\\00\\00\\00\\07\\00\\00\\00")
        (data (i32.const 400) "\\00\\02\\00\\00\\03\\00\\00\\00hey")
        (func $ok (param $cond i32) (param $p i32) (param $n i32)
          (if (local.get $cond) (then (drop (call $log (i32.const 2) (local.get $p) (local.get $n))))))
        (func (export "proxy_on_configure") (param i32 i32) (result i32)
          (call $ok (i32.eq (call $fd_read (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const 52)) ${c.at("fd_read")})
          (call $ok (i32.eqz (call $fd_seek (i32.const 1) (i64.const 0) (i32.const 0) (i32.const 0))) ${c.at("fd_seek")})
          (call $ok (i32.eqz (call $fd_close (i32.const 1))) ${c.at("fd_close")})
          (call $ok (i32.and (i32.eqz (call $fdstat (i32.const 1) (i32.const 200))) (i64.eq (i64.load (i32.const 208)) (i64.const 64))) ${c.at("fdstat1")})
          (call $ok (i32.eq (call $fdstat (i32.const 5) (i32.const 200)) (i32.const 8)) ${c.at("fdstat5")})
          (call $ok (i32.and (i32.eqz (call $args_sizes (i32.const 300) (i32.const 304))) (i32.eqz (i32.or (i32.load (i32.const 300)) (i32.load (i32.const 304))))) ${c.at("args_sizes")})
          (call $ok (i32.eqz (call $args_get (i32.const 0) (i32.const 0))) ${c.at("args_get")})
          (call $ok (i32.eq (call $path_open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 0)) (i32.const 44)) ${c.at("path_open")})
          (call $ok (i32.eq (call $prestat (i32.const 3) (i32.const 0)) (i32.const 8)) ${c.at("prestat")})
          (call $ok (i32.eq (call $prestat_dir (i32.const 3) (i32.const 0) (i32.const 0)) (i32.const 52)) ${c.at("prestat_dir")})
          (call $ok (i32.eq (call $pe (i32.const 5) (i32.const 5)) (i32.const 1)) ${c.at("pthread_eq")})
          (call $ok (i32.eqz (call $pe (i32.const 5) (i32.const 6))) ${c.at("pthread_ne")})
          (call $emg (i32.const 0))
          (call $ok (i32.const 1) ${c.at("emscripten")})
          (call $ok (i32.eqz (call $write (i32.const 1) (i32.const 400) (i32.const 1) (i32.const 500))) ${c.at("unstable_write")})
          (i32.const 1))`,
    });
    // The iovec at 400 points at offset 0x200 (512), length 3: memory there is zero, so the line is three NULs.
    const host = await TestHost.start({ wasm: bytes });
    expect(host.getLogs("info").filter((m) => names.includes(m))).toEqual(names);
  });
});

describe("ABI 0.1.0", () => {
  it("links continue_request, continue_response, clear_route_cache and get_configuration, and calls two-argument header callbacks", async () => {
    const bytes = wat(`(module
      (import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
      (import "env" "proxy_get_configuration" (func $get_conf (param i32 i32) (result i32)))
      (import "env" "proxy_continue_request" (func $cont_req (result i32)))
      (import "env" "proxy_continue_response" (func $cont_resp (result i32)))
      (import "env" "proxy_clear_route_cache" (func $clear (result i32)))
      (memory (export "memory") 1)
      (global $heap (mut i32) (i32.const 1024))
      (func (export "proxy_abi_version_0_1_0"))
      (func (export "malloc") (param $n i32) (result i32) (local $p i32)
        (local.set $p (global.get $heap)) (global.set $heap (i32.add (global.get $heap) (local.get $n))) (local.get $p))
      (func (export "proxy_on_configure") (param i32 i32) (result i32)
        (drop (call $get_conf (i32.const 16) (i32.const 20)))
        (drop (call $log (i32.const 2) (i32.load (i32.const 16)) (i32.load (i32.const 20))))
        (i32.const 1))
      (func (export "proxy_on_request_headers") (param i32 i32) (result i32)
        (drop (call $clear))
        (drop (call $cont_resp))
        (i32.const 0)))`);
    const host = await TestHost.start({ wasm: bytes, config: "legacy config" });
    expect(host.getLogs("info")).toEqual(["legacy config"]);
    expect(host.initHttp().callOnHttpRequestHeaders({ ":path": "/" })).toBe(HeaderStatus.Continue);
    expect(host.vmFailed).toBe(false);
  });
});
