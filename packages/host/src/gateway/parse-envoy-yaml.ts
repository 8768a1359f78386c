// Reads the envoy.yaml a user would give Envoy into the subset the gateway runs: static
// listeners with one http_connection_manager, inline routes, wasm filters and the router,
// and STATIC / STRICT_DNS / LOGICAL_DNS clusters with socket addresses. Every object is read
// against its message's fields (envoy-fields.ts): an unknown field is an error, a known one the
// gateway does not run is an error when it could change what a request gets, else a warning.
import { parse } from "yaml";
import type { ClusterSpec } from "../clusters/upstream-clusters.js";
import { DEFAULT_BUFFER_LIMIT_BYTES } from "../plugin/plugin-config.js";
import { ConfigError, ConfigReader } from "./config-reader.js";
import type { GatewayConfig, HttpConnectionManagerConfig, HttpFilterSpec, ListenerConfig } from "./config-model.js";
import {
  ADDRESS,
  ADMIN,
  BOOTSTRAP,
  CLUSTER,
  FILTER_CHAIN,
  HCM,
  HTTP_FILTER,
  LISTENER,
  LISTENER_FILTER,
  NETWORK_FILTER,
  ROUTE_CONFIGURATION,
  ROUTER,
  SCHEME_HEADER_TRANSFORMATION,
  STATIC_RESOURCES,
} from "./envoy-fields.js";
import { parseAccessLogs } from "./access-log/parse-access-log.js";
import { socketAddress } from "./parse-address.js";
import { parseEndpoints } from "./parse-endpoints.js";
import { parseHttp1Settings } from "./parse-http1-options.js";
import { checkRouteClusters, parseRouteConfig } from "./parse-routes.js";
import { parseWasmFilter, unwrapTypedConfig, WASM_FILTER_TYPE } from "./parse-wasm-filter.js";

const HCM_TYPE =
  "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
const ROUTER_TYPE = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";
const DIRECTIONS: Record<string, number> = { UNSPECIFIED: 0, INBOUND: 1, OUTBOUND: 2 };
/** Listener filters that only look at the first bytes and change nothing the gateway serves. */
const INSPECTORS = ["envoy.filters.listener.tls_inspector", "envoy.filters.listener.http_inspector"];

/** A string field Envoy's validation requires to be non-empty (min_len: 1). */
function requiredText(r: ConfigReader, key: string): string {
  const v = r.string(key, "");
  if (v === "") throw new ConfigError(`${r.at(key)}: required (a non-empty string)`);
  return v;
}

function parseHttpFilters(hcm: ConfigReader): HttpFilterSpec[] {
  const filters: HttpFilterSpec[] = hcm.objects("http_filters", HTTP_FILTER).map((f) => {
    const name = f.string("name");
    f.refuse("config_discovery", "filter config discovery is not supported; give typed_config");
    // is_optional only matters for a filter type Envoy does not know; the gateway refuses those.
    f.ignore("is_optional");
    f.refuse("disabled", "disabled filters are not supported");
    const typed = f.object("typed_config", null);
    let spec: HttpFilterSpec;
    const type = typed ? unwrapTypedConfig(typed, { [WASM_FILTER_TYPE]: null, [ROUTER_TYPE]: ROUTER }) : null;
    if (type?.type === WASM_FILTER_TYPE) spec = { kind: "wasm", name, plugin: parseWasmFilter(name, type.message) };
    else if (type?.type === ROUTER_TYPE || (!type && name === "envoy.filters.http.router")) {
      if (type) parseRouterFilter(type.message);
      spec = { kind: "router", name };
    } else
      throw new ConfigError(
        `${f.path}: http filter ${name} (${type?.type ?? "no typed_config"}) is not supported; the gateway runs wasm filters and the router`,
      );
    f.finish();
    return spec;
  });
  const routers = filters.filter((f) => f.kind === "router");
  if (routers.length !== 1 || filters[filters.length - 1].kind !== "router") {
    throw new ConfigError(`${hcm.path}.http_filters: the router must be the last filter, once`);
  }
  return filters;
}

function parseRouterFilter(router: ConfigReader): void {
  router.ignore("@type");
  router.refuse("suppress_envoy_headers", "the gateway adds Envoy's x-envoy-* headers as Envoy does by default");
  router.refuse("strict_check_headers", "not supported");
  router.refuse("respect_expected_rq_timeout", "not supported");
  router.refuse("upstream_http_filters", "upstream http filters are not supported");
  router.finish();
}

function parseHcm(r: ConfigReader): HttpConnectionManagerConfig {
  const typed = unwrapTypedConfig(r.requireObject("typed_config", null), { [HCM_TYPE]: HCM });
  if (typed.type !== HCM_TYPE)
    throw new ConfigError(
      `${r.path}: network filter ${typed.type} is not supported; the gateway runs an http_connection_manager`,
    );
  r.refuse("config_discovery", "filter config discovery is not supported; give typed_config");
  const hcm = typed.message;
  hcm.ignore("@type");
  if (hcm.has("rds"))
    throw new ConfigError(`${hcm.path}.rds: route discovery is not supported; use an inline route_config`);
  hcm.refuse("scoped_routes", "scoped routes are not supported; use an inline route_config");
  const codec = hcm.enumValue("codec_type", ["AUTO", "HTTP1", "HTTP2", "HTTP3"], "AUTO");
  if (codec === "HTTP2" || codec === "HTTP3") hcm.warn(`codec_type ${codec}: the gateway speaks HTTP/1.1`);
  const sht = hcm.object("scheme_header_transformation", SCHEME_HEADER_TRANSFORMATION);
  const schemeToOverwrite = sht?.has("scheme_to_overwrite") ? sht.string("scheme_to_overwrite") : null;
  sht?.refuse("match_upstream", "not supported");
  sht?.finish();
  const config: HttpConnectionManagerConfig = {
    statPrefix: requiredText(hcm, "stat_prefix"),
    schemeToOverwrite,
    generateRequestId: hcm.bool("generate_request_id", true),
    serverName: hcm.string("server_name", "envoy"),
    routes: parseRouteConfig(hcm.requireObject("route_config", ROUTE_CONFIGURATION)),
    filters: parseHttpFilters(hcm),
    http1: parseHttp1Settings(hcm),
    accessLogs: parseAccessLogs(hcm),
  };
  hcm.finish();
  r.ignore("name");
  r.finish();
  return config;
}

function parseListener(l: ConfigReader): ListenerConfig {
  const { host, port } = socketAddress(l.requireObject("address", ADDRESS));
  for (const f of l.objects("listener_filters", LISTENER_FILTER)) {
    const name = f.string("name");
    if (!INSPECTORS.includes(name)) throw new ConfigError(`${f.path}: listener filter ${name} is not supported`);
    f.raw("typed_config");
    f.refuse("config_discovery", "not supported");
    f.refuse("filter_disabled", "not supported");
    f.finish();
    l.warn(`listener filter ${name} is not run: it changes nothing the gateway serves`);
  }
  l.refuse("filter_chain_matcher", "the gateway runs one filter chain for every connection");
  l.refuse("default_filter_chain", "the gateway runs one filter chain for every connection");
  const chains = l.objects("filter_chains", FILTER_CHAIN);
  if (chains.length !== 1) throw new ConfigError(`${l.path}.filter_chains: exactly one filter chain is supported`);
  const chain = chains[0];
  if (chain.has("transport_socket"))
    throw new ConfigError(`${chain.path}.transport_socket: TLS listeners are not supported`);
  // An empty match takes every connection, as the gateway does; a real one would close some.
  if (chain.isSet("filter_chain_match") && Object.keys(chain.raw("filter_chain_match") as object).length > 0) {
    throw new ConfigError(
      `${chain.path}.filter_chain_match: the gateway's one filter chain takes every connection; Envoy would close the ones that do not match`,
    );
  }
  chain.ignore("filter_chain_match");
  chain.refuse("use_proxy_proto", "the PROXY protocol is not supported");
  chain.refuse("on_demand_configuration", "not supported");
  const networkFilters = chain.objects("filters", NETWORK_FILTER);
  if (networkFilters.length !== 1)
    throw new ConfigError(`${chain.path}.filters: exactly one network filter (http_connection_manager) is supported`);
  const hcm = parseHcm(networkFilters[0]);
  chain.ignore("name");
  chain.finish();
  const direction = DIRECTIONS[l.enumValue("traffic_direction", Object.keys(DIRECTIONS), "UNSPECIFIED")];
  l.refuse("use_original_dst", "original destination redirection is not supported");
  l.refuse("transparent", "transparent sockets are not supported");
  l.refuse("enable_mptcp", "not supported");
  l.refuse("additional_addresses", "the gateway listens on one address");
  if (l.has("bind_to_port") && !l.bool("bind_to_port", true))
    throw new ConfigError(`${l.path}.bind_to_port: a listener that does not bind is not supported`);
  for (const k of ["api_listener", "internal_listener", "udp_listener_config"])
    l.refuse(k, "only TCP listeners are supported");
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

const LB_POLICIES = [
  "ROUND_ROBIN",
  "LEAST_REQUEST",
  "RING_HASH",
  "RANDOM",
  null,
  "MAGLEV",
  "CLUSTER_PROVIDED",
  "LOAD_BALANCING_POLICY_CONFIG",
];

function parseCluster(c: ConfigReader): ClusterSpec {
  const name = requiredText(c, "name");
  const type = c.enumValue("type", ["STATIC", "STRICT_DNS", "LOGICAL_DNS", "EDS", "ORIGINAL_DST"], "STATIC");
  if (!["STATIC", "STRICT_DNS", "LOGICAL_DNS"].includes(type))
    throw new ConfigError(`${c.path}.type: ${type} clusters are not supported (STATIC, STRICT_DNS, LOGICAL_DNS)`);
  c.refuse("cluster_type", "custom cluster types are not supported");
  c.refuse("eds_cluster_config", "EDS is not supported");
  if (c.has("transport_socket")) throw new ConfigError(`${c.path}.transport_socket: TLS upstreams are not supported`);
  c.refuse("transport_socket_matches", "TLS upstreams are not supported");
  const family = c.enumValue("dns_lookup_family", ["AUTO", "V4_ONLY", "V6_ONLY", "V4_PREFERRED", "ALL"], "AUTO");
  const endpoints = parseEndpoints(c);
  if (type === "LOGICAL_DNS" && endpoints.length !== 1)
    throw new ConfigError(
      `${c.at("load_assignment")}: a LOGICAL_DNS cluster needs exactly one endpoint (Envoy refuses ${endpoints.length})`,
    );
  // Every policy picks the same endpoint when there is one; with more, only round robin is run.
  const lbPolicy = c.enumValue("lb_policy", LB_POLICIES, "ROUND_ROBIN");
  if (lbPolicy !== "ROUND_ROBIN" && endpoints.length > 1)
    throw new ConfigError(
      `${c.path}.lb_policy: ${lbPolicy} is not supported for more than one endpoint; the gateway picks endpoints round robin`,
    );
  if (c.isSet("load_balancing_policy") && endpoints.length > 1)
    throw new ConfigError(
      `${c.path}.load_balancing_policy: not supported for more than one endpoint; the gateway picks endpoints round robin`,
    );
  if (c.has("load_balancing_policy")) {
    c.raw("load_balancing_policy");
    c.warn("load_balancing_policy is ignored: the cluster has one endpoint");
  }
  c.refuse("lb_subset_config", "subset load balancing is not supported");
  c.refuse("original_dst_lb_config", "original destination clusters are not supported");
  c.refuse("common_lb_config", "not supported: it changes which endpoints take traffic");
  c.refuse("upstream_bind_config", "the gateway binds upstream connections where the system chooses");
  c.refuse("filters", "upstream network filters are not supported");
  c.refuse("upstream_config", "custom upstream connection pools are not supported");
  const spec: ClusterSpec = {
    name,
    endpoints,
    connectTimeoutMs: c.durationMs("connect_timeout", 5000),
    family: family === "V4_ONLY" ? 4 : family === "V6_ONLY" ? 6 : 0,
    bufferLimitBytes: c.number("per_connection_buffer_limit_bytes", DEFAULT_BUFFER_LIMIT_BYTES),
  };
  c.finish();
  return spec;
}

/**
 * Parses envoy.yaml text; throws ConfigError naming the file and the field's path
 * (`envoy.yaml: static_resources.listeners[0]...`) when it cannot run it. `addedClusters`: the
 * clusters the caller adds (gatewasm run --cluster), which routes may name too.
 */
export function parseEnvoyYaml(
  text: string,
  source = "envoy.yaml",
  addedClusters: readonly string[] = [],
): GatewayConfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new ConfigError(`${source}: not valid YAML: ${(e as Error).message}`);
  }
  const warnings: string[] = [];
  try {
    const root = ConfigReader.of(doc, "", warnings, BOOTSTRAP);
    const adminReader = root.object("admin", ADMIN);
    const admin = adminReader?.has("address") ? socketAddress(adminReader.requireObject("address", ADDRESS)) : null;
    adminReader?.finish();
    if (root.has("dynamic_resources"))
      throw new ConfigError("dynamic_resources: xDS is not supported; use static_resources");
    const statics = root.requireObject("static_resources", STATIC_RESOURCES);
    const listeners = statics.objects("listeners", LISTENER).map(parseListener);
    const clusters = statics.objects("clusters", CLUSTER).map(parseCluster);
    clusters.forEach((c, i) => {
      if (clusters.findIndex((o) => o.name === c.name) < i)
        throw new ConfigError(`static_resources.clusters[${i}].name: duplicate cluster '${c.name}' (Envoy refuses it)`);
    });
    statics.finish();
    root.finish();
    if (listeners.length === 0) throw new ConfigError("static_resources.listeners: at least one listener is needed");
    const clusterNames = [...clusters.map((c) => c.name), ...addedClusters];
    listeners.forEach((l, i) => checkRouteClusters(l.hcm.routes, clusterNames, `static_resources.listeners[${i}]`));
    return { listeners, clusters, admin, document: doc, warnings: warnings.map((w) => `${source}: ${w}`) };
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`${source}: ${e.message}`);
    throw e;
  }
}
