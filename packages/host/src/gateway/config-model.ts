// The subset of an Envoy bootstrap the gateway runs, after parsing envoy.yaml
// (api/envoy/config/bootstrap/v3, listener/v3, cluster/v3, route/v3,
// extensions/filters/network/http_connection_manager/v3, extensions/wasm/v3).
import type { AccessLogSpec } from "./access-log/access-log-spec.js";
import type { ClusterSpec } from "../clusters/upstream-clusters.js";
import type { FailurePolicy } from "../stream/filter-plugin.js";
import type { CompiledRegex } from "./regex-matcher.js";
import type { ValueMatch } from "./string-matcher.js";

export interface GatewayConfig {
  listeners: ListenerConfig[];
  clusters: ClusterSpec[];
  /** The bootstrap's admin.address (null: no admin block, or one without an address). */
  admin: { host: string; port: number } | null;
  /** The envoy.yaml document as read, for the admin's /config_dump. */
  document: unknown;
  /** One line per envoy.yaml field the gateway ignores or adapts. */
  warnings: string[];
}

export interface ListenerConfig {
  name: string;
  host: string;
  port: number;
  /** per_connection_buffer_limit_bytes (1 MiB by default). */
  bufferLimitBytes: number;
  /** 0 unspecified, 1 inbound, 2 outbound (traffic_direction). */
  direction: number;
  hcm: HttpConnectionManagerConfig;
}

export interface HttpConnectionManagerConfig {
  statPrefix: string;
  /** scheme_header_transformation.scheme_to_overwrite. */
  schemeToOverwrite: string | null;
  generateRequestId: boolean;
  serverName: string;
  routes: RouteConfig;
  filters: HttpFilterSpec[];
  /** Envoy's HTTP/1 codec and connection-manager limits (see parse-http1-options.ts). */
  http1: Http1Settings;
  /** The HCM's access_log loggers (see access-log/parse-access-log.ts). */
  accessLogs: AccessLogSpec[];
}

/** The HCM's HTTP/1 settings, with Envoy's defaults where the yaml is silent. */
export interface Http1Settings {
  /** max_request_headers_kb (60): a larger header block gets 431. */
  maxRequestHeadersKb: number;
  /** common_http_protocol_options.max_headers_count (100): more headers get 431. */
  maxHeadersCount: number;
  /** http_protocol_options.accept_http_10 (false: HTTP/1.0 gets 426). */
  acceptHttp10: boolean;
  /** http_protocol_options.default_host_for_http_10 ("" : none). */
  defaultHostForHttp10: string;
  /** common_http_protocol_options.idle_timeout (1 h; 0 disables): a connection without streams is closed. */
  idleTimeoutMs: number;
  /** stream_idle_timeout (5 min; 0 disables): a stream with no activity gets 408, or a reset. */
  streamIdleTimeoutMs: number;
  /** request_timeout (0: disabled): the whole request must arrive in time, else 408. */
  requestTimeoutMs: number;
}

export interface RouteConfig {
  name: string;
  virtualHosts: VirtualHost[];
  /** validate_clusters: true by default for an inline route_config (every route's cluster must exist at start). */
  validateClusters: boolean;
}

export interface VirtualHost {
  name: string;
  domains: string[];
  routes: Route[];
}

export interface RouteMatch {
  /** The path specifier: prefix and path_separated_prefix on the path with its query, path and safe_regex without. */
  kind: "prefix" | "path" | "regex" | "separated_prefix";
  value: string;
  /** safe_regex, RE2, matched against the whole path without its query (case_sensitive does not apply). */
  regex?: CompiledRegex;
  caseSensitive: boolean;
  headers: HeaderMatcher[];
  queryParameters: QueryParameterMatcher[];
}

/** envoy.config.route.v3.HeaderMatcher. */
export interface HeaderMatcher {
  /** Lower-cased. */
  name: string;
  /** The value test (exact_match, prefix_match, string_match, safe_regex_match, range_match...); null for present_match. */
  value: ValueMatch | null;
  /** present_match (true when no specifier is given). */
  present: boolean;
  invert: boolean;
  treatMissingAsEmpty: boolean;
}

/** envoy.config.route.v3.QueryParameterMatcher: null value is a presence test. */
export interface QueryParameterMatcher {
  name: string;
  value: ValueMatch | null;
}

export type RouteAction =
  | { kind: "cluster"; cluster: string; timeoutMs: number; prefixRewrite: string | null; hostRewrite: string | null }
  | { kind: "direct"; status: number; body: string };

export interface Route {
  name: string;
  match: RouteMatch;
  action: RouteAction;
}

export type HttpFilterSpec = { kind: "wasm"; name: string; plugin: WasmPluginSpec } | { kind: "router"; name: string };

export interface WasmPluginSpec {
  /** The http_filters entry's name. */
  filterName: string;
  /** PluginConfig.name. */
  name: string;
  rootId: string;
  vmId: string;
  /** vm_config.code.local: a file (resolved later, with --wasm overrides) or inline bytes. */
  code: { filename: string } | { bytes: Uint8Array };
  configuration: Uint8Array;
  vmConfiguration: Uint8Array;
  environment: Map<string, string>;
  failurePolicy: FailurePolicy;
  reloadBackoffMs: number;
  allowOnHeadersStopIteration: boolean;
}
