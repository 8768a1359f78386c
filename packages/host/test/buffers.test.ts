// Buffer host calls outside the body path (Envoy context.cc getBuffer, cpp-host
// exports.cc get_buffer_bytes/status, set_buffer_bytes; BufferBase is read-only).
import { describe, expect, it } from "vitest";
import { WasmResult } from "../src/index.js";
import { BufferType } from "../src/internal.js";
import { badSlots, call, REQUEST, results, scripted } from "./support/script.js";

describe("configuration buffers", () => {
  it("has the plugin configuration only while the root is created and configured", async () => {
    const host = await scripted(
      {
        context_create: [call("get_buffer_bytes", BufferType.PluginConfiguration, 0, 100)],
        vm_start: [call("get_buffer_bytes", BufferType.PluginConfiguration, 0, 100)],
        configure: [
          call("get_buffer_bytes", BufferType.PluginConfiguration, 0, 100),
          call("get_buffer_status", BufferType.PluginConfiguration),
        ],
        request_headers: [call("get_buffer_bytes", BufferType.PluginConfiguration, 0, 100)],
      },
      { config: { mockEnable: true } },
    );
    host.initHttp().callOnHttpRequestHeaders(REQUEST);
    const r = results(host);
    expect(r[0].bytes?.toString()).toBe('{"mockEnable":true}');
    expect(r[1].rc).toBe(WasmResult.NotFound);
    expect(r[2].bytes?.toString()).toBe('{"mockEnable":true}');
    expect(r[3]).toMatchObject({ rc: 0, u: 19, f: 0 });
    // The stream's own context is created after the root: it has no configuration.
    expect(r.at(-1)?.rc).toBe(WasmResult.NotFound);
  });

  it("passes the configuration length to on_configure and a string config as raw bytes", async () => {
    const host = await scripted(
      { configure: [call("get_buffer_bytes", BufferType.PluginConfiguration, 0, 100)] },
      { config: "raw text, not JSON" },
    );
    expect(results(host)[0].bytes?.toString()).toBe("raw text, not JSON");
  });

  it("has the VM configuration at any time (it carries the fixture's script)", async () => {
    const host = await scripted({ request_headers: [call("get_buffer_status", BufferType.VmConfiguration)] });
    host.initHttp().callOnHttpRequestHeaders(REQUEST);
    expect(results(host)[0].rc).toBe(0);
    expect(results(host)[0].u).toBeGreaterThan(8);
  });
});

describe("reads and writes", () => {
  it("clamps a read to the buffer, answers an empty read past the end, and refuses writes to read-only buffers", async () => {
    const host = await scripted(
      {
        configure: [
          call("get_buffer_bytes", BufferType.PluginConfiguration, 2, 3),
          call("get_buffer_bytes", BufferType.PluginConfiguration, 4, 0xffffffff),
          call("get_buffer_bytes", BufferType.PluginConfiguration, 99, 10),
          call("set_buffer_bytes", BufferType.PluginConfiguration, 0, 0, "x"),
        ],
      },
      { config: "abcdef" },
    );
    const r = results(host);
    expect(r[0].bytes?.toString()).toBe("cde");
    expect(r[1].bytes?.toString()).toBe("ef");
    expect(r[2]).toMatchObject({ rc: 0 });
    expect(r[2].bytes?.length).toBe(0);
    expect(r[3].rc).toBe(WasmResult.BadArgument);
  });

  it("answers NotFound for buffers the context does not have, and BadArgument above the last type", async () => {
    const envoy = await scripted({
      request_headers: [
        call("get_buffer_bytes", BufferType.HttpCallResponseBody, 0, 10),
        call("get_buffer_status", BufferType.RedisCallResponse),
        call("get_buffer_bytes", 10, 0, 10),
        call("get_buffer_status", BufferType.DownstreamData),
        call("get_buffer_status", BufferType.CallData),
      ],
    });
    envoy.initHttp().callOnHttpRequestHeaders(REQUEST);
    // Envoy's last buffer type is CallData (8): Higress's Redis reply (9) is BadArgument there.
    expect(results(envoy).map((r) => r.rc)).toEqual([1, 2, 2, 0, 0]);
    const higress = await scripted(
      { request_headers: [call("get_buffer_status", BufferType.RedisCallResponse)] },
      { flavor: "higress" },
    );
    higress.initHttp().callOnHttpRequestHeaders(REQUEST);
    expect(results(higress)[0].rc).toBe(WasmResult.NotFound);
  });

  it("answers InvalidMemoryAccess when the result slots or the data lie outside memory", async () => {
    const host = await scripted(
      {
        configure: [
          badSlots(),
          call("get_buffer_bytes", BufferType.PluginConfiguration, 0, 10),
          badSlots(),
          call("get_buffer_status", BufferType.PluginConfiguration),
        ],
        request_body: [call("set_buffer_bytes", BufferType.HttpRequestBody, 0, 0, { ptr: 0xfffff000, len: 0x2000 })],
      },
      { config: "abc" },
    );
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    http.callOnHttpRequestBody("x");
    expect(results(host).map((r) => r.rc)).toEqual([6, 6, 6]);
    expect(host.vmFailed).toBe(false);
  });

  it("follows Envoy's set_buffer_bytes rules on a body: drain+prepend at 0, append at or past the end, else BadArgument", async () => {
    const host = await scripted({
      request_body: [
        call("set_buffer_bytes", 0, 0, 2, "AB"),
        call("set_buffer_bytes", 0, 5, 0, "+end"),
        call("set_buffer_bytes", 0, 3, 1, "middle"),
        call("get_buffer_bytes", 0, 0, 100),
      ],
    });
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(REQUEST);
    http.callOnHttpRequestBody("12345", true);
    const r = results(host);
    expect(r.map((x) => x.rc)).toEqual([0, 0, 2, 0]);
    expect(r[3].bytes?.toString()).toBe("AB345+end");
    expect(http.getUpstreamRequest()?.body.toString()).toBe("AB345+end");
  });
});
