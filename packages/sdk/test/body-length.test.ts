// Changing a body's length, through the gateway to a real upstream: Envoy keeps the request's
// content-length after a plugin edits the body, so the plugin removes it in the header phase
// (ctx.removeRequestContentLength(), what Higress plugins do) and the upstream gets it whole.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEchoUpstream, startGateway, type EchoUpstream, type RunningGateway } from "@gatewasm/host";
import { pluginPath } from "./support/plugins.js";

const dir = mkdtempSync(join(tmpdir(), "gatewasm-body-length-"));
let upstream: EchoUpstream;
let gateway: RunningGateway;

/** envoy.yaml (written as JSON, which YAML reads) with the plugin in front of the echo upstream. */
function envoyYaml(upstreamAddress: string): string {
  const [host, port] = upstreamAddress.split(":");
  const doc = {
    static_resources: {
      listeners: [
        {
          name: "listener_0",
          address: { socket_address: { address: "127.0.0.1", port_value: 0 } },
          filter_chains: [
            {
              filters: [
                {
                  name: "envoy.filters.network.http_connection_manager",
                  typed_config: {
                    "@type":
                      "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                    stat_prefix: "ingress_http",
                    route_config: {
                      name: "local_route",
                      virtual_hosts: [
                        {
                          name: "local",
                          domains: ["*"],
                          routes: [{ match: { prefix: "/" }, route: { cluster: "echo" } }],
                        },
                      ],
                    },
                    http_filters: [
                      {
                        name: "append-body",
                        typed_config: {
                          "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
                          config: {
                            name: "append-body",
                            vm_config: {
                              runtime: "envoy.wasm.runtime.v8",
                              code: { local: { filename: pluginPath("wrapper-append-body") } },
                            },
                          },
                        },
                      },
                      {
                        name: "envoy.filters.http.router",
                        typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" },
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
      clusters: [
        {
          name: "echo",
          connect_timeout: "1s",
          type: "STATIC",
          load_assignment: {
            cluster_name: "echo",
            endpoints: [
              {
                lb_endpoints: [
                  { endpoint: { address: { socket_address: { address: host, port_value: Number(port) } } } },
                ],
              },
            ],
          },
        },
      ],
    },
  };
  const file = join(dir, "envoy.yaml");
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

beforeAll(async () => {
  upstream = await startEchoUpstream();
  gateway = await startGateway({
    envoyYaml: envoyYaml(upstream.address),
    listen: "127.0.0.1:0",
    output: () => undefined,
  });
});
afterAll(async () => {
  await gateway?.stop();
  await upstream?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const header = (name: string) =>
  Object.entries(upstream.requests.at(-1)?.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];

describe("a plugin that appends to the request body", () => {
  it("removes content-length in the header phase, so the appended body reaches the upstream whole", async () => {
    const res = await fetch(`${gateway.url}/anything`, {
      method: "POST",
      body: "hello",
      headers: { "content-type": "text/plain" },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: string }).data).toBe("hello + appended by the plugin");
    expect(upstream.requests.at(-1)?.body.toString()).toBe("hello + appended by the plugin");
    expect(header("content-length")).toBeUndefined();
    expect(header("transfer-encoding")).toBe("chunked");
  });

  it("without it, keeps the client's content-length, and the upstream reads only that many bytes (as in Envoy)", async () => {
    const before = upstream.requests.length;
    // The bytes past content-length then look like a broken next request to the upstream, so
    // what the client gets back is not defined; what reached the upstream is.
    const res = await fetch(`${gateway.url}/anything`, {
      method: "POST",
      body: "hello",
      headers: { "content-type": "text/plain", "x-keep-length": "1" },
    });
    await res.arrayBuffer();
    expect(upstream.requests.length).toBe(before + 1);
    expect(header("content-length")).toBe("5");
    expect(upstream.requests.at(-1)?.body.toString()).toBe("hello");
  });
});
