// The abi layer: exports and imports, enum numbers (Envoy's), the header-pairs codec's bounds,
// and the root callbacks no other test reaches (queue ready, foreign function).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readWasmModule } from "@gatewasm/host";
import { pluginPath, request, result, start } from "./support/plugins.ts";

describe("exports", () => {
  it("a plugin exports every proxy-wasm 0.2.1 callback, the ABI marker, malloc, memory and _initialize", () => {
    const names = readWasmModule(readFileSync(pluginPath("raw-script"))).exports.map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "proxy_abi_version_0_2_1",
        "malloc",
        "memory",
        "_initialize",
        "proxy_on_context_create",
        "proxy_on_vm_start",
        "proxy_on_configure",
        "proxy_on_tick",
        "proxy_on_queue_ready",
        "proxy_on_foreign_function",
        "proxy_on_http_call_response",
        "proxy_on_redis_call_response",
        "proxy_on_request_headers",
        "proxy_on_request_body",
        "proxy_on_request_trailers",
        "proxy_on_response_headers",
        "proxy_on_response_body",
        "proxy_on_response_trailers",
        "proxy_on_log",
        "proxy_on_done",
        "proxy_on_delete",
      ]),
    );
  });
});

describe("enums", () => {
  it("carry Envoy's numbers (and the seed's names in types)", async () => {
    const host = await start("raw-script", { requestHeaders: [["enums"]] });
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(result(host, "requestHeaders", "enums")).toBe(
      "LogLevel 0,1,2,3,4,5; WasmResult 0,1,2,3,4,5,6,7,8,9,10,11,12; BufferType 0,1,2,3,4,5,6,7,8,9; MapType 0,1,2,3,4,5,6,7; " +
        "HeaderAction 0,1,2,3,4; DataAction 0,1,2,3; TrailerAction 0,1; StreamType 0,1,2,3; PeerType 0,1,2; MetricType 0,1,2; " +
        "types 0,1,2,3,4,0,1,2,3,0,1",
    );
  });
});

function pairsBytes(pairs: [string, string][], mutate?: (b: Buffer) => Buffer): Buffer {
  const head = Buffer.alloc(4 + pairs.length * 8);
  head.writeUInt32LE(pairs.length, 0);
  const data: Buffer[] = [];
  pairs.forEach(([k, v], i) => {
    head.writeUInt32LE(Buffer.byteLength(k), 4 + i * 8);
    head.writeUInt32LE(Buffer.byteLength(v), 8 + i * 8);
    data.push(Buffer.from(k), Buffer.from([0]), Buffer.from(v), Buffer.from([0]));
  });
  const b = Buffer.concat([head, ...data]);
  return mutate ? mutate(b) : b;
}

async function decode(body: Buffer): Promise<string> {
  const host = await start("raw-script", { requestBody: [["decodeRequestBodyAsPairs"]] });
  const http = host.initHttp();
  http.callOnHttpRequestHeaders({ ...request, ":method": "POST" }, false);
  http.callOnHttpRequestBody(body, true);
  expect(host.vmFailed).toBe(false);
  return result(host, "requestBody", "decodeRequestBodyAsPairs")!;
}

describe("header-pairs codec", () => {
  it("decodes a well-formed map (and re-encodes it to the same size)", async () => {
    const b = pairsBytes([
      ["a", "1"],
      [":path", "/x"],
      ["empty", ""],
    ]);
    expect(await decode(b)).toBe(`3 [["a","1"],[":path","/x"],["empty",""]] reencoded=${b.length}`);
  });
  it("an empty map", async () => {
    expect(await decode(pairsBytes([]))).toBe("0 [] reencoded=4");
  });
  it("1024 pairs are accepted, 1025 refused", async () => {
    const many = (n: number) => pairsBytes(Array.from({ length: n }, (_, i) => [`k${i}`, "v"] as [string, string]));
    expect(await decode(many(1024))).toMatch(/^1024 /);
    expect(await decode(many(1025))).toBe("null");
  });
  it("more than 1 MiB is refused", async () => {
    expect(await decode(pairsBytes([["big", "x".repeat(1 << 20)]]))).toBe("null");
  });
  const malformed: [string, (b: Buffer) => Buffer][] = [
    [
      "a missing NUL",
      (b) => {
        b[b.length - 1] = 0x41;
        return b;
      },
    ],
    ["trailing bytes", (b) => Buffer.concat([b, Buffer.from([0])])],
    ["truncated data", (b) => b.subarray(0, b.length - 2)],
    [
      "lengths beyond the buffer",
      (b) => {
        b.writeUInt32LE(0xffffffff, 4);
        return b;
      },
    ],
    [
      "a count beyond the lengths table",
      (b) => {
        b.writeUInt32LE(50, 0);
        return b;
      },
    ],
    ["fewer than 4 bytes", () => Buffer.from([1, 0])],
  ];
  for (const [what, mutate] of malformed) {
    it(`${what} is an error (null), not a trap`, async () => {
      expect(
        await decode(
          pairsBytes(
            [
              ["a", "1"],
              ["b", "2"],
            ],
            mutate,
          ),
        ),
      ).toBe("null");
    });
  }
});

describe("root callbacks", () => {
  it("on_queue_ready reaches the root that registered the queue", async () => {
    const host = await start("raw-script", {
      configure: [["registerSharedQueue", "jobs"]],
      requestHeaders: [["enqueueSharedQueue", "", "jobs", "job-1"]],
      queueReady: [
        ["dequeueSharedQueue", "", "jobs"],
        ["dequeueSharedQueue", "", "jobs"],
      ],
    });
    expect(result(host, "configure", "registerSharedQueue")).toBe("0 id=set");
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(result(host, "requestHeaders", "enqueueSharedQueue")).toBe("0");
    expect(host.getLogs("info").some((l) => l.startsWith("queueReady queue="))).toBe(true);
    const dequeued = host.getLogs("info").filter((l) => l.startsWith("queueReady dequeueSharedQueue -> "));
    expect(dequeued).toEqual(['queueReady dequeueSharedQueue -> 0 "job-1"', 'queueReady dequeueSharedQueue -> 7 ""']);
  });

  it("resolving an unknown queue answers NotFound", async () => {
    const host = await start("raw-script", { requestHeaders: [["resolveSharedQueue", "", "nope"]] });
    host.initHttp().callOnHttpRequestHeaders(request);
    expect(result(host, "requestHeaders", "resolveSharedQueue")).toBe("1 id=0");
  });

  it("on_foreign_function is dispatched to the root (invoked directly: the host has no trigger for it)", async () => {
    const host = await start("raw-script", { foreignFunction: [["logInfo", "foreign ran"]] });
    host.plugin.vm.call("proxy_on_foreign_function", 1, 1, 7, 0);
    expect(host.getLogs("info")).toContain("foreignFunction id=7");
    expect(host.getLogs("info")).toContain("foreign ran");
  });

  it("callbacks for an id the plugin never created get the neutral answer, never a trap", async () => {
    const host = await start("raw-script", {});
    const vm = host.plugin.vm;
    expect(vm.call("proxy_on_request_headers", 99, 99, 0, 0)).toBe(0);
    expect(vm.call("proxy_on_configure", 42, 42, 0)).toBe(1);
    vm.call("proxy_on_tick", 42, 42);
    vm.call("proxy_on_http_call_response", 1, 1, 12345, 0, 0, 0);
    vm.call("proxy_on_redis_call_response", 1, 1, 12347, 0, 0);
    vm.call("proxy_on_delete", 99, 99);
    expect(host.vmFailed).toBe(false);
  });
});
