// Foreign modules (solo-io proxy-runtime plugins built with their own AssemblyScript 0.14, and
// hand-written WAT) in the loader's verdict, TestHost and the gateway: each loads or is refused
// as the suite says, and a module that loads does the same thing to a request in TestHost as
// through the gateway to a real upstream. The CLI's doctor test checks `gatewasm doctor` against
// the same table.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GatewayStartError,
  HeaderStatus,
  startEchoUpstream,
  startGateway,
  TestHost,
  type EchoUpstream,
} from "../src/index.js";
import { linkVerdict } from "../src/internal.js";
import { FOREIGN_MODULES, foreignWasm, type ForeignModule } from "./support/foreign-suite.js";
import { writeGatewayYaml } from "./support/gateway-yaml.js";

let upstream: EchoUpstream;
beforeAll(async () => {
  upstream = await startEchoUpstream();
});
afterAll(async () => {
  await upstream.stop();
});

const REQUEST = { ":method": "GET", ":path": "/get", ":authority": "foreign.local", ":scheme": "http" };
const loads = (m: ForeignModule) => m.refusedFor === undefined;
/** A header the echo upstream saw last (it records names title-cased). */
const seenUpstream = (name: string) => {
  const headers = upstream.requests.at(-1)?.headers ?? {};
  return Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
};

function yamlFor(m: ForeignModule): string {
  return writeGatewayYaml({
    plugins: [
      { name: m.name, script: {}, code: foreignWasm(m), rootId: m.rootId, configuration: m.configuration ?? "" },
    ],
    clusters: { upstream: upstream.address },
  });
}

describe.each(FOREIGN_MODULES)("foreign module $name", (m) => {
  const bytes = () => readFileSync(foreignWasm(m));

  it(
    loads(m)
      ? "loads: its start function reaches no host import that needs a context"
      : `is refused, naming ${m.refusedFor?.join(", ")}`,
    () => {
      const v = linkVerdict(bytes(), "envoy");
      expect(v.loads).toBe(loads(m));
      expect(v.start.contextImports).toEqual(m.refusedFor ?? []);
      expect(v.start.abortPathImports).toEqual(m.abortPathImports ?? []);
      if (!loads(m)) {
        expect(v.problems.map((p) => p.kind)).toEqual(["start"]);
        for (const name of m.refusedFor!) expect(v.problems[0].message).toContain(name);
      }
    },
  );

  it("gets the same verdict and the same behaviour in TestHost", async () => {
    const r = await TestHost.tryStart({
      wasm: bytes(),
      rootId: m.rootId,
      config: m.configuration ?? "",
      pluginName: m.name,
    });
    if (!loads(m)) {
      expect(r.error?.message).toBe(linkVerdict(bytes(), "envoy").problems[0].message);
      return;
    }
    const host = r.host!;
    try {
      const http = host.initHttp();
      const b = m.behaviour!;
      if (b.kind === "local-reply") {
        expect(http.callOnHttpRequestHeaders({ ...REQUEST, ...b.when }, true)).toBe(
          HeaderStatus.StopAllIterationAndWatermark,
        );
        const reply = http.getLocalResponse();
        expect(reply?.statusCode).toBe(b.status);
        expect(reply?.body.toString()).toBe(b.body);
        if (b.when) {
          const other = host.initHttp();
          expect(other.callOnHttpRequestHeaders(REQUEST, true)).toBe(HeaderStatus.Continue);
          expect(other.getUpstreamRequest()?.headers).toContainEqual(["x-checked", "proxy-runtime"]);
        }
      } else if (b.kind === "request-header") {
        expect(http.callOnHttpRequestHeaders(REQUEST, true)).toBe(HeaderStatus.Continue);
        expect(http.getUpstreamRequest()?.headers).toContainEqual([b.name, b.value]);
      } else {
        http.callOnHttpRequestHeaders(REQUEST, true);
        expect(http.callOnHttpResponseHeaders({ ":status": "200" }, true)).toBe(HeaderStatus.Continue);
        expect(http.getResponseHeaders()).toContainEqual([b.name, b.value]);
      }
      expect(host.vmFailed).toBe(false);
    } finally {
      host.close();
    }
  });

  it("gets the same verdict and the same behaviour through the gateway to a real upstream", async () => {
    if (!loads(m)) {
      const refused = startGateway({ envoyYaml: yamlFor(m), listen: "127.0.0.1:0", output: () => undefined });
      await expect(refused).rejects.toThrow(GatewayStartError);
      await expect(refused).rejects.toThrow(linkVerdict(bytes(), "envoy").problems[0].message);
      return;
    }
    const g = await startGateway({ envoyYaml: yamlFor(m), listen: "127.0.0.1:0", output: () => undefined });
    try {
      const b = m.behaviour!;
      const before = upstream.requests.length;
      if (b.kind === "local-reply") {
        const res = await fetch(`${g.url}/get`, { headers: b.when ?? {} });
        expect(res.status).toBe(b.status);
        expect(await res.text()).toBe(b.body);
        expect(upstream.requests.length).toBe(before);
        if (b.when) {
          const passed = await fetch(`${g.url}/get`);
          expect(passed.status).toBe(200);
          expect(seenUpstream("x-checked")).toBe("proxy-runtime");
        }
      } else if (b.kind === "request-header") {
        const res = await fetch(`${g.url}/get`);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        expect(seenUpstream(b.name)).toBe(b.value);
      } else {
        const res = await fetch(`${g.url}/get`);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        expect(res.headers.get(b.name)).toBe(b.value);
      }
    } finally {
      await g.stop();
    }
  });
});

describe("a proxy-runtime module with an empty configuration", () => {
  // proxy-runtime 0.1.8 RootContext.onConfigure hands proxy_get_buffer_bytes the configuration
  // size as its size pointer; with size 0 the host answers (ptr 0, len 0) as cpp-host does and
  // the SDK then decodes a null ArrayBuffer: a trap in on_configure. Envoy refuses the filter.
  const deny = FOREIGN_MODULES.find((m) => m.name === "proxy-runtime-deny")!;

  it("fails to configure in TestHost and in the gateway alike", async () => {
    const r = await TestHost.tryStart({ wasm: foreignWasm(deny), rootId: "deny", config: "", pluginName: "deny" });
    expect(r.error?.message).toBe("Unable to create Wasm HTTP filter deny");
    expect(r.error?.logs.map((l) => l.message)).toContainEqual(
      expect.stringMatching(/^Function: proxy_on_configure failed: Uncaught RuntimeError: memory access out of bounds/),
    );
    const yaml = writeGatewayYaml({
      plugins: [{ name: "deny", script: {}, code: foreignWasm(deny), rootId: "deny", configuration: "" }],
      clusters: { upstream: upstream.address },
    });
    await expect(startGateway({ envoyYaml: yaml, listen: "127.0.0.1:0", output: () => undefined })).rejects.toThrow(
      /Unable to create Wasm HTTP filter deny$/,
    );
  });
});
