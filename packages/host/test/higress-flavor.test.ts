// Behaviours that differ under Higress's gateway, each following Higress's sources
// (docs/host-fidelity.md cites them): the start-up entry points its cpp-host calls and the
// details it gives a plugin's local reply.
import { describe, expect, it } from "vitest";
import { HeaderStatus, TestHost } from "../src/index.js";
import { call, REQUEST, scripted } from "./support/script.js";
import { plugin } from "./support/wat.js";

/** A reactor module whose `_initialize`, `main` and `__main_void` each log their name. */
function reactor(withMain: boolean): Uint8Array {
  const logs = (name: string, at: number) =>
    `(drop (call $log (i32.const 2) (i32.const ${at}) (i32.const ${name.length})))`;
  return plugin({
    imports: `(import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))`,
    body: `(data (i32.const 16) "_initialize") (data (i32.const 32) "main") (data (i32.const 48) "__main_void")
      (func (export "_initialize") ${logs("_initialize", 16)})
      ${withMain ? `(func (export "main") (param i32 i32) (result i32) ${logs("main", 32)} (i32.const 0))` : ""}
      (func (export "__main_void") (result i32) ${logs("__main_void", 48)} (i32.const 0))`,
  });
}

describe("start-up entry points", () => {
  it("calls main, else __main_void, after _initialize under envoy", async () => {
    expect((await TestHost.start({ wasm: reactor(true) })).getLogs()).toEqual(["_initialize", "main"]);
    expect((await TestHost.start({ wasm: reactor(false) })).getLogs()).toEqual(["_initialize", "__main_void"]);
  });

  it("calls only main under higress: its cpp-host never looks __main_void up", async () => {
    expect((await TestHost.start({ wasm: reactor(true), flavor: "higress" })).getLogs()).toEqual([
      "_initialize",
      "main",
    ]);
    expect((await TestHost.start({ wasm: reactor(false), flavor: "higress" })).getLogs()).toEqual(["_initialize"]);
  });
});

describe("local-reply details", () => {
  const script = { request_headers: [call("send_local_response", 429, "rate limited", "slow down", "", -1)] };

  it("are the plugin's own under envoy (whitespace made _)", async () => {
    const host = await scripted(script, { pluginName: "limiter" });
    const http = host.initHttp();
    expect(http.callOnHttpRequestHeaders(REQUEST)).toBe(HeaderStatus.StopAllIterationAndWatermark);
    expect(http.getLocalResponse()?.details).toBe("rate_limited");
  });

  it("name the plugin under higress: via_wasm::<plugin name>::<details>", async () => {
    const host = await scripted(script, { pluginName: "higress-system.limiter", flavor: "higress" });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    expect(http.getLocalResponse()?.details).toBe("via_wasm::higress-system.limiter::rate_limited");
  });
});
