// Writes envoy.yaml files for gateway tests: one listener, the scripted fixture plugin(s)
// (their scripts travel as a BytesValue vm configuration), the router, and clusters.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { encodeScript, FIXTURE_ENVOY, type Script } from "./script.js";

interface PluginYaml {
  name: string;
  script: Script;
  traceCallbacks?: boolean;
  code?: string;
  /** PluginConfig.root_id (proxy-runtime modules pick their root context by it). */
  rootId?: string;
  configuration?: string;
  vmId?: string;
  failOpen?: boolean;
  failurePolicy?: string;
  reloadBaseInterval?: string;
}

export interface GatewayYaml {
  plugins: PluginYaml[];
  clusters?: Record<string, string>;
  bufferLimitBytes?: number;
  routes?: unknown[];
  extraHcm?: Record<string, unknown>;
}

export function writeGatewayYaml(spec: GatewayYaml): string {
  const httpFilters = spec.plugins.map((p) => ({
    name: p.name,
    typed_config: {
      "@type": "type.googleapis.com/udpa.type.v1.TypedStruct",
      type_url: "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
      value: {
        config: {
          name: p.name,
          ...(p.rootId ? { root_id: p.rootId } : {}),
          vm_config: {
            vm_id: p.vmId ?? "",
            runtime: "envoy.wasm.runtime.v8",
            code: { local: { filename: p.code ?? FIXTURE_ENVOY } },
            configuration: {
              "@type": "type.googleapis.com/google.protobuf.BytesValue",
              value: encodeScript(p.script, { traceCallbacks: p.traceCallbacks }).toString("base64"),
            },
          },
          configuration: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: p.configuration ?? "{}" },
          ...(p.failOpen ? { fail_open: true } : {}),
          ...(p.failurePolicy ? { failure_policy: p.failurePolicy } : {}),
          ...(p.reloadBaseInterval ? { reload_config: { backoff: { base_interval: p.reloadBaseInterval } } } : {}),
        },
      },
    },
  }));
  const doc = {
    static_resources: {
      listeners: [
        {
          name: "listener_0",
          address: { socket_address: { address: "127.0.0.1", port_value: 0 } },
          ...(spec.bufferLimitBytes ? { per_connection_buffer_limit_bytes: spec.bufferLimitBytes } : {}),
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
                          name: "local_service",
                          domains: ["*"],
                          routes: spec.routes ?? [
                            { name: "default", match: { prefix: "/" }, route: { cluster: "upstream" } },
                          ],
                        },
                      ],
                    },
                    http_filters: [
                      ...httpFilters,
                      {
                        name: "envoy.filters.http.router",
                        typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" },
                      },
                    ],
                    ...spec.extraHcm,
                  },
                },
              ],
            },
          ],
        },
      ],
      clusters: Object.entries(spec.clusters ?? {}).map(([name, address]) => {
        const [host, port] = address.split(":");
        return {
          name,
          connect_timeout: "1s",
          type: "STATIC",
          load_assignment: {
            cluster_name: name,
            endpoints: [
              {
                lb_endpoints: [
                  { endpoint: { address: { socket_address: { address: host, port_value: Number(port) } } } },
                ],
              },
            ],
          },
        };
      }),
    },
  };
  const dir = mkdtempSync(join(tmpdir(), "gatewasm-yaml-"));
  const path = join(dir, "envoy.yaml");
  writeFileSync(path, stringify(doc));
  return path;
}
