// Hot reload (gatewasm run --watch): replacing the wasm file or editing envoy.yaml changes the
// answers of new streams while requests keep flowing on open connections, none failing; a
// module that does not load, or a configuration that does not start, leaves the old one serving.
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { startEchoUpstream, startGateway, type EchoUpstream, type RunningGateway } from "../src/index.js";
import { writeGatewayYaml } from "./support/gateway-yaml.js";
import { plugin } from "./support/wat.js";

/** A plugin that answers every request locally with `body` (proxy_send_local_response 200). */
function answering(body: string, configureResult = 1): Uint8Array {
  return plugin({
    imports: `(import "env" "proxy_send_local_response" (func $reply (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))`,
    body: `
      (data (i32.const 16) "${body}")
      (func (export "proxy_on_context_create") (param i32 i32))
      (func (export "proxy_on_vm_start") (param i32 i32) (result i32) i32.const 1)
      (func (export "proxy_on_configure") (param i32 i32) (result i32) i32.const ${configureResult})
      (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
        (drop (call $reply (i32.const 200) (i32.const 0) (i32.const 0) (i32.const 16) (i32.const ${body.length}) (i32.const 0) (i32.const 0) (i32.const -1)))
        i32.const 1)`,
  });
}

/** Replaces a file the way compilers and editors do: a new file renamed over the old one. */
function replace(path: string, bytes: Uint8Array | string): void {
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}

function get(url: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/get`, { agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * Keeps `connections` keep-alive clients sending requests until `until` answers true for a
 * response; returns every response and how many distinct sockets carried them.
 */
async function trafficUntil(url: string, connections: number, until: (body: string) => boolean) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const answers: { status: number; body: string }[] = [];
  let done = false;
  const client = async () => {
    while (!done) {
      const r = await get(url, agent);
      answers.push(r);
      if (until(r.body)) done = true;
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, client));
  } finally {
    agent.destroy();
  }
  return answers;
}

let upstream: EchoUpstream;
const running: RunningGateway[] = [];
beforeAll(async () => {
  upstream = await startEchoUpstream();
});
afterAll(async () => {
  for (const g of running) await g.stop();
  await upstream.stop();
});

async function watched(code: Uint8Array) {
  const dir = mkdtempSync(join(tmpdir(), "gatewasm-watch-"));
  const wasm = join(dir, "plugin.wasm");
  writeFileSync(wasm, code);
  const yaml = writeGatewayYaml({
    plugins: [{ name: "live", script: {}, code: wasm }],
    clusters: { upstream: upstream.address },
  });
  const lines: string[] = [];
  const g = await startGateway({
    envoyYaml: yaml,
    listen: "127.0.0.1:0",
    watch: true,
    concurrency: 2,
    output: (l) => lines.push(l),
  });
  running.push(g);
  return { g, wasm, yaml, lines };
}

describe("--watch", () => {
  it("swaps in a replaced wasm file for new streams while traffic flows, with no failed request", async () => {
    const { g, wasm, lines } = await watched(answering("v1"));
    expect(await (await fetch(`${g.url}/get`)).text()).toBe("v1");
    expect(lines.some((l) => l.includes("[info][gateway] watching ") && l.includes(wasm))).toBe(true);
    let replaced = false;
    const answers = await trafficUntil(g.url, 8, (body) => {
      if (!replaced) {
        replaced = true;
        replace(wasm, answering("v2"));
      }
      return body === "v2";
    });
    expect(answers.filter((a) => a.status !== 200 || (a.body !== "v1" && a.body !== "v2"))).toEqual([]);
    expect(
      lines.some((l) =>
        /\[info\]\[gateway\] reloaded .*: new streams run the new VMs; \d+ stream\(s\) in flight finish on the old ones/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(await (await fetch(`${g.url}/get`)).text()).toBe("v2");
    // The replaced VMs are gone once their streams are over: two workers, two VMs.
    expect(g.process.stats.find("wasm.envoy.wasm.runtime.v8.active")?.value).toBe(2n);
  });

  it("keeps the old module serving, with a clear line, when the new one does not load or does not configure", async () => {
    const { g, wasm, lines } = await watched(answering("v1"));
    replace(wasm, new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 99]));
    expect(await g.reload()).toBe(false);
    expect(
      lines.some((l) =>
        l.includes(
          "[warning][gateway] reload failed; the running configuration keeps serving: error initializing configuration",
        ),
      ),
    ).toBe(true);
    expect(await (await fetch(`${g.url}/get`)).text()).toBe("v1");
    replace(wasm, answering("v3", 0));
    expect(await g.reload()).toBe(false);
    expect(lines.some((l) => l.includes("keeps serving") && l.includes("Unable to create Wasm HTTP filter live"))).toBe(
      true,
    );
    expect(await (await fetch(`${g.url}/get`)).text()).toBe("v1");
    replace(wasm, answering("v4"));
    expect(await g.reload()).toBe(true);
    expect(await (await fetch(`${g.url}/get`)).text()).toBe("v4");
  });

  it("applies an edited envoy.yaml (the plugin taken out of the chain) and refuses one that adds a listener", async () => {
    const { g, yaml, lines } = await watched(answering("v1"));
    const withoutPlugin = readFileSync(
      writeGatewayYaml({ plugins: [], clusters: { upstream: upstream.address } }),
      "utf8",
    );
    let replaced = false;
    const answers = await trafficUntil(g.url, 4, (body) => {
      if (!replaced) {
        replaced = true;
        replace(yaml, withoutPlugin);
      }
      return body.includes('"url"');
    });
    // Every answer is the plugin's or the upstream's, none failed.
    expect(answers.filter((a) => a.status !== 200 || (a.body !== "v1" && !a.body.includes('"url"')))).toEqual([]);
    const doc = parse(withoutPlugin) as { static_resources: { listeners: { name: string }[] } };
    doc.static_resources.listeners.push({ ...doc.static_resources.listeners[0], name: "second" });
    replace(yaml, stringify(doc));
    expect(await g.reload()).toBe(false);
    expect(
      lines.some((l) =>
        l.includes("keeps serving: the number of listeners changed (1 to 2); restart the gateway to apply it"),
      ),
    ).toBe(true);
    expect(await (await fetch(`${g.url}/get`)).text()).toContain('"url"');
  });
});
