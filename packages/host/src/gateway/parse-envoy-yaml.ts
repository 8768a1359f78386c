// Reads the envoy.yaml a user would give Envoy into the subset the gateway runs: static
// listeners with one http_connection_manager, inline routes, wasm filters and the router,
// and STATIC / STRICT_DNS / LOGICAL_DNS clusters with socket addresses. Anything else is an
// error (when ignoring it would change behaviour) or a one-line warning.
import { parse } from "yaml";
import type { ClusterSpec } from "../callouts/upstream-clusters.js";
import { DEFAULT_BUFFER_LIMIT_BYTES } from "../plugin/plugin-config.js";
import { ConfigError, ConfigReader } from "./config-reader.js";
import type { GatewayConfig, HttpConnectionManagerConfig, HttpFilterSpec, ListenerConfig } from "./config-model.js";
import { parseHttp1Settings } from "./parse-http1-options.js";
import { parseRouteConfig } from "./parse-routes.js";
import { parseWasmFilter, unwrapTypedConfig, WASM_FILTER_TYPE } from "./parse-wasm-filter.js";

const HCM_TYPE = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
const ROUTER_TYPE = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";
const DIRECTIONS: Record<string, number> = { UNSPECIFIED: 0, INBOUND: 1, OUTBOUND: 2 };

function socketAddress(r: ConfigReader): { host: string; port: number } {
  const sa = r.requireObject("socket_address");
  const host = sa.string("address");
  const port = sa.number("port_value");
  const protocol = sa.string("protocol", "TCP");
  if (protocol !== "TCP") throw new ConfigError(`${sa.path}.protocol: only TCP is supported`);
  sa.finish();
  r.finish();
  return { host, port };
}

function parseHttpFilters(hcm: ConfigReader): HttpFilterSpec[] {
  const filters: HttpFilterSpec[] = hcm.objects("http_filters").map((f) => {
    const name = f.string("name");
    const typed = f.object("typed_config");
    f.ignore("disabled", "is_optional");
    if (f.bool("disabled")) throw new ConfigError(`${f.path}: disabled filters are not supported`);
    let spec: HttpFilterSpec;
    const type = typed ? unwrapTypedConfig(typed) : null;
    if (type?.type === WASM_FILTER_TYPE) spec = { kind: "wasm", name, plugin: parseWasmFilter(name, type.message) };
    else if (type?.type === ROUTER_TYPE || (!type && name === "envoy.filters.http.router")) {
      if (type) type.message.ignore("@type");
      spec = { kind: "router", name };
    } else throw new ConfigError(`${f.path}: http filter ${name} (${type?.type ?? "no typed_config"}) is not supported; the gateway runs wasm filters and the router`);
    f.finish();
    return spec;
  });
  const routers = filters.filter((f) => f.kind === "router");
  if (routers.length !== 1 || filters[filters.length - 1].kind !== "router") {
    throw new ConfigError(`${hcm.path}.http_filters: the router must be the last filter, once`);
  }
  return filters;
}

function parseHcm(r: ConfigReader): HttpConnectionManagerConfig {
  const typed = unwrapTypedConfig(r.requireObject("typed_config"));
  if (typed.type !== HCM_TYPE) throw new ConfigError(`${r.path}: network filter ${typed.type} is not supported; the gateway runs an http_connection_manager`);
  const hcm = typed.message;
  hcm.ignore("@type");
  if (hcm.has("rds")) throw new ConfigError(`${hcm.path}.rds: route discovery is not supported; use an inline route_config`);
  const codec = hcm.string("codec_type", "AUTO");
  if (codec === "HTTP2" || codec === "HTTP3") hcm.warn(`codec_type ${codec}: the gateway speaks HTTP/1.1`);
  const sht = hcm.object("scheme_header_transformation");
  const schemeToOverwrite = sht?.has("scheme_to_overwrite") ? sht.string("scheme_to_overwrite") : null;
  sht?.finish();
  for (const key of ["access_log", "use_remote_address", "xff_num_trusted_hops", "upgrade_configs"]) {
    if (hcm.has(key)) {
      hcm.raw(key);
      hcm.warn(`${key} is not supported by the gatewasm gateway; ignored`);
    }
  }
  const config: HttpConnectionManagerConfig = {
    statPrefix: hcm.string("stat_prefix", ""),
    schemeToOverwrite,
    generateRequestId: hcm.bool("generate_request_id", true),
    serverName: hcm.string("server_name", "envoy"),
    routes: parseRouteConfig(hcm.requireObject("route_config")),
    filters: parseHttpFilters(hcm),
    http1: parseHttp1Settings(hcm),
  };
  hcm.finish();
  r.ignore("name");
  r.finish();
  return config;
}

function parseListener(l: ConfigReader): ListenerConfig {
  const { host, port } = socketAddress(l.requireObject("address"));
  const chains = l.objects("filter_chains");
  if (chains.length !== 1) throw new ConfigError(`${l.path}.filter_chains: exactly one filter chain is supported`);
  const chain = chains[0];
  if (chain.has("transport_socket")) throw new ConfigError(`${chain.path}.transport_socket: TLS listeners are not supported`);
  if (chain.has("filter_chain_match")) {
    chain.raw("filter_chain_match");
    chain.warn("filter_chain_match is ignored: the one filter chain takes every connection");
  }
  const networkFilters = chain.objects("filters");
  if (networkFilters.length !== 1) throw new ConfigError(`${chain.path}.filters: exactly one network filter (http_connection_manager) is supported`);
  const hcm = parseHcm(networkFilters[0]);
  chain.ignore("name");
  chain.finish();
  const direction = DIRECTIONS[l.string("traffic_direction", "UNSPECIFIED")] ?? 0;
  const listener: ListenerConfig = {
    name: l.string("name", ""),
    host,
    port,
    bufferLimitBytes: l.number("per_connection_buffer_limit_bytes", DEFAULT_BUFFER_LIMIT_BYTES),
    direction,
    hcm,
  };
  l.finish();
  return listener;
}

function parseCluster(c: ConfigReader): ClusterSpec {
  const name = c.string("name");
  const type = c.string("type", "STATIC");
  if (!["STATIC", "STRICT_DNS", "LOGICAL_DNS"].includes(type)) throw new ConfigError(`${c.path}.type: ${type} clusters are not supported (STATIC, STRICT_DNS, LOGICAL_DNS)`);
  if (c.has("transport_socket")) throw new ConfigError(`${c.path}.transport_socket: TLS upstreams are not supported`);
  const family = c.string("dns_lookup_family", "AUTO");
  const endpoints: { host: string; port: number }[] = [];
  const la = c.object("load_assignment");
  if (la) {
    la.ignore("cluster_name");
    for (const group of la.objects("endpoints")) {
      for (const lb of group.objects("lb_endpoints")) {
        const ep = lb.requireObject("endpoint");
        endpoints.push(socketAddress(ep.requireObject("address")));
        ep.ignore("hostname");
        ep.finish();
        lb.ignore("load_balancing_weight");
        lb.finish();
      }
      group.ignore("locality", "priority", "load_balancing_weight");
      group.finish();
    }
    la.finish();
  }
  for (const h of c.objects("hosts")) endpoints.push(socketAddress(h));
  const lbPolicy = c.string("lb_policy", "ROUND_ROBIN");
  if (lbPolicy !== "ROUND_ROBIN") c.warn(`lb_policy ${lbPolicy}: endpoints are picked round robin`);
  if (c.has("typed_extension_protocol_options") || c.has("http2_protocol_options")) {
    c.raw("typed_extension_protocol_options");
    c.raw("http2_protocol_options");
    c.warn("upstream protocol options are ignored: the gateway talks HTTP/1.1 to upstreams");
  }
  const spec: ClusterSpec = {
    name,
    endpoints,
    connectTimeoutMs: c.durationMs("connect_timeout", 5000),
    family: family === "V4_ONLY" ? 4 : family === "V6_ONLY" ? 6 : 0,
    bufferLimitBytes: c.number("per_connection_buffer_limit_bytes", DEFAULT_BUFFER_LIMIT_BYTES),
  };
  c.ignore("respect_dns_ttl", "dns_refresh_rate");
  c.finish();
  return spec;
}

/** Parses envoy.yaml text; throws ConfigError naming the field when it cannot run it. */
export function parseEnvoyYaml(text: string, source = "envoy.yaml"): GatewayConfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new ConfigError(`${source}: not valid YAML: ${(e as Error).message}`);
  }
  const warnings: string[] = [];
  const root = ConfigReader.of(doc, source, warnings);
  if (root.has("admin")) {
    root.raw("admin");
    root.warn("admin: the admin interface is not served");
  }
  if (root.has("dynamic_resources")) throw new ConfigError(`${source}.dynamic_resources: xDS is not supported; use static_resources`);
  root.ignore("node", "layered_runtime", "overload_manager", "stats_config");
  const statics = root.requireObject("static_resources");
  const listeners = statics.objects("listeners").map(parseListener);
  const clusters = statics.objects("clusters").map(parseCluster);
  statics.finish();
  root.finish();
  if (listeners.length === 0) throw new ConfigError(`${source}.static_resources.listeners: at least one listener is needed`);
  return { listeners, clusters, warnings };
}
