// The envoy.yaml of each benchmarked gateway: one listener, one route to the upstream, and
// either no filter or one wasm filter in front of the router, so the rows of the throughput
// table differ only in the filter. Written as JSON, which is YAML.
import type { Flavor } from "@gatewasm/host";

export const UPSTREAM_CLUSTER = "httpbin";
/** Where the plugins look Redis up for serviceName redis.static, servicePort 6379. */
export const REDIS_CLUSTER = "outbound|6379||redis.static";
export const WASM_FILE = "/etc/envoy/main.wasm";

export interface WasmFilter {
  name: string;
  flavor: Flavor;
  configuration: string;
}

const cluster = (name: string) => ({
  name,
  connect_timeout: "5s",
  type: "STATIC",
  load_assignment: {
    cluster_name: name,
    endpoints: [
      { lb_endpoints: [{ endpoint: { address: { socket_address: { address: "127.0.0.1", port_value: 1 } } } }] },
    ],
  },
});

export function envoyYaml(filter: WasmFilter | null): string {
  const wasm = filter && {
    name: filter.name,
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
      config: {
        name: filter.name,
        vm_config: { runtime: "envoy.wasm.runtime.v8", code: { local: { filename: WASM_FILE } } },
        configuration: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: filter.configuration },
      },
    },
  };
  const config = {
    static_resources: {
      listeners: [
        {
          name: "listener_0",
          address: { socket_address: { address: "127.0.0.1", port_value: 10000 } },
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
                          routes: [{ name: "default", match: { prefix: "/" }, route: { cluster: UPSTREAM_CLUSTER } }],
                        },
                      ],
                    },
                    http_filters: [
                      ...(wasm ? [wasm] : []),
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
      clusters: [cluster(UPSTREAM_CLUSTER), ...(filter?.flavor === "higress" ? [cluster(REDIS_CLUSTER)] : [])],
    },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
