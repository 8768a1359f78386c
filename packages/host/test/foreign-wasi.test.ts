// Foreign functions (Envoy foreign.cc), WASI (cpp-host exports.cc wasi_unstable_*), gRPC
// answers, proxy_done and envoy_resolve_dns.
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { WasmResult } from "../src/index.js";
import { badSlots, call, callbacks, results, resultsOf, ret, scripted } from "./support/script.js";

describe("foreign functions", () => {
  it("compresses with zlib and uncompresses it back, and refuses data that is not zlib", async () => {
    const host = await scripted({
      configure: [
        call("call_foreign_function", "compress", "hello hello hello"),
        call("call_foreign_function", "uncompress", deflateSync("round trip")),
        call("call_foreign_function", "uncompress", "not zlib"),
      ],
    });
    const [c, u, bad] = results(host);
    expect(c.bytes).toEqual(deflateSync("hello hello hello"));
    expect(u.bytes?.toString()).toBe("round trip");
    expect(bad.rc).toBe(WasmResult.SerializationFailure);
  });

  it("answers NotFound for an unknown function, and has Higress's get_log_level only under higress", async () => {
    const script = {
      configure: [
        call("call_foreign_function", "no_such_function", ""),
        call("call_foreign_function", "get_log_level", ""),
      ],
    };
    const envoy = await scripted(script);
    expect(results(envoy).map((r) => r.rc)).toEqual([1, 1]);
    const higress = await scripted(script, { flavor: "higress" });
    expect(results(higress)[0].rc).toBe(WasmResult.NotFound);
    // The host's level (trace = 0) as a little-endian u32.
    expect(results(higress)[1]).toMatchObject({ rc: 0 });
    expect(results(higress)[1].bytes).toEqual(Buffer.from([0, 0, 0, 0]));
  });

  it("declares a property once (declare_property takes protobuf arguments)", async () => {
    const name = Buffer.from("my_prop");
    const args = Buffer.concat([Buffer.from([0x0a, name.length]), name]);
    const host = await scripted({
      configure: [
        call("call_foreign_function", "declare_property", args),
        call("call_foreign_function", "declare_property", args),
        call("call_foreign_function", "declare_property", Buffer.from([0xff])),
      ],
    });
    expect(results(host).map((r) => r.rc)).toEqual([0, 2, 2]);
  });
});

describe("WASI", () => {
  it("logs stdout at info and stderr at error, dropping one trailing newline; other fds are BADF", async () => {
    const host = await scripted({
      configure: [
        call("fd_write", 1, "to stdout\n"),
        call("fd_write", 2, "to stderr"),
        call("fd_write", 3, "nowhere"),
        call("fd_write", 1, { ptr: 0xfffffff0, len: 64 }),
      ],
    });
    expect(results(host).map((r) => [r.rc, r.u])).toEqual([
      [0, 10],
      [0, 9],
      [8, 0],
      [21, 0],
    ]);
    expect(host.getLogs("info")).toEqual(["to stdout"]);
    expect(host.getLogs("error")).toEqual(["to stderr"]);
  });

  it("reads clocks, random bytes up to 64 KiB, and the VM's environment variables", async () => {
    const host = await scripted(
      {
        configure: [
          call("clock_time_get", 0),
          call("clock_time_get", 1),
          call("clock_time_get", 7),
          call("random_get", 32),
          call("random_get", 65537),
          badSlots(),
          call("random_get", 8),
          call("environ"),
        ],
      },
      { clock: () => 5_000_000_000n, environment: { REGION: "eu", MODE: "test" } },
    );
    const r = results(host);
    expect(r[0]).toMatchObject({ rc: 0, U: 5_000_000_000n });
    expect(r[1].rc).toBe(0);
    expect(r[2].rc).toBe(58);
    expect(r.slice(3, 6).map((x) => x.rc)).toEqual([0, 28, 21]);
    expect(r[6].u).toBe(2);
    expect(r[6].bytes?.toString()).toBe("REGION=eu\0MODE=test\0");
  });

  it("logs proc_exit and keeps running", async () => {
    const host = await scripted({ configure: [call("proc_exit", 3), call("log", 2, "after exit")] });
    expect(host.getLogs("info")).toEqual(["after exit"]);
    expect(host.vmFailed).toBe(false);
  });
});

describe("gRPC, proxy_done, envoy_resolve_dns", () => {
  it("answers gRPC calls as Envoy does before traffic: unknown cluster ParseFailure, a known one Unimplemented (not emulated)", async () => {
    const host = await scripted(
      {
        configure: [
          call("grpc_call", "unknown", "svc", "Method", "", "req", 1000),
          call("grpc_call", "grpc-cluster", "svc", "Method", "", "req", 1000),
          call("grpc_stream", "unknown", "svc", "Method", ""),
          call("grpc_send", 4, "x", 0),
          call("grpc_send", 6, "x", 0),
          call("grpc_cancel", 5),
          call("grpc_close", 8),
        ],
      },
      { clusters: ["grpc-cluster"] },
    );
    expect(results(host).map((r) => r.rc)).toEqual([4, 12, 4, 2, 1, 1, 2]);
    expect(host.hostLogs.map((l) => l.message).join("\n")).toMatch(/gRPC callouts are not emulated/);
  });

  it("answers proxy_done with NotFound unless the root is waiting for it after on_done returned false", async () => {
    const host = await scripted(
      { configure: [call("done")], done: [ret(0)], tick: [call("done")] },
      { traceCallbacks: true },
    );
    expect(results(host)[0].rc).toBe(WasmResult.NotFound);
    host.close();
    expect(
      callbacks(host)
        .map((c) => c.name)
        .slice(-1),
    ).toEqual(["done"]);
  });

  it("resolves a name and calls envoy_on_resolve_dns with the addresses", async () => {
    const host = await scripted({
      configure: [call("resolve_dns", "localhost")],
      resolve_dns: [call("get_buffer_bytes", 8, 0, 1000)],
    });
    expect(resultsOf(host, "resolve_dns")[0].rc).toBe(0);
    // The lookup answers when it answers: poll, with a cap (60 s) only against a hang.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && resultsOf(host, "get_buffer_bytes").length === 0)
      await new Promise((r) => setTimeout(r, 10));
    const data = resultsOf(host, "get_buffer_bytes")[0].bytes!;
    const n = data.readUInt32LE(0);
    expect(n).toBeGreaterThan(0);
    expect(data.subarray(4 + 4 * n).toString()).toMatch(/^(127\.0\.0\.1|::1):0\0/);
  });
});
