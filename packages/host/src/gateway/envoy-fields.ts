// The fields of each Envoy v3 message (names from envoyproxy/envoy api/, field by field) and
// which of them the gateway runs (`read`), so the reader can tell a misspelt or removed field
// (an error, as Envoy's proto validation gives) from a real one the gateway does not run. A real
// field the gateway does not run is an error, because Envoy would apply it and requests could get a different
// answer, unless it is listed under `warn`: fields whose effect no request can see here
// (stats, tracing, logs, timers of idle connections, TLS-only settings behind a refused TLS).

export interface MessageSchema {
  /** The proto message, as Envoy names it in errors. */
  name: string;
  fields: readonly string[];
  /** The fields the gateway runs; the rest are warned about or refused. */
  read: readonly string[];
  /** Known fields that are accepted with a warning when set, and why they cannot matter. */
  warn?: Readonly<Record<string, string>>;
}

const STATS = "only changes stats";
const TRACING = "only changes tracing";
const LOGS = "only changes access logs";
const METADATA = "metadata is read by no filter the gateway runs";
const CONNECTIONS = "only changes how long idle connections live or how they are tuned";
const DNS = "the gateway resolves with the system resolver";
const NO_FILTER = "takes effect only with a filter the gateway does not run (and refuses)";

/** `read`: the fields the gateway runs (or checks value by value); "*" for all of them. */
function schema(name: string, fields: string, read: string, warn: Record<string, string> = {}): MessageSchema {
  const all = fields.trim().split(/\s+/);
  return { name, fields: all, read: read === "*" ? all : read.split(" "), warn };
}

export const BOOTSTRAP = schema(
  "envoy.config.bootstrap.v3.Bootstrap",
  `
  node node_context_params static_resources dynamic_resources cluster_manager hds_config flags_path
  stats_sinks deferred_stat_options stats_config stats_flush_interval stats_flush_on_admin watchdog
  watchdogs tracing layered_runtime admin overload_manager enable_dispatcher_stats header_prefix
  stats_server_version_override use_tcp_for_dns_lookups dns_resolution_config
  typed_dns_resolver_config bootstrap_extensions fatal_actions config_sources default_config_source
  default_socket_interface certificate_provider_instances inline_headers perf_tracing_file_path
  default_regex_engine xds_delegate_extension xds_config_tracker_extension listener_manager
  application_log_config grpc_async_client_manager_config memory_allocator_manager`,
  "static_resources admin",
  {
    node: "names this Envoy in xDS and stats only",
    node_context_params: "names this Envoy in xDS only",
    stats_sinks: STATS,
    deferred_stat_options: STATS,
    stats_config: STATS,
    stats_flush_interval: STATS,
    stats_flush_on_admin: STATS,
    enable_dispatcher_stats: STATS,
    stats_server_version_override: STATS,
    watchdog: "the watchdog only acts on a stuck Envoy",
    watchdogs: "the watchdog only acts on a stuck Envoy",
    tracing: TRACING,
    perf_tracing_file_path: TRACING,
    layered_runtime: "runtime overrides are not applied; the gateway runs Envoy's defaults",
    overload_manager: "overload actions only act on an overloaded Envoy",
    use_tcp_for_dns_lookups: DNS,
    dns_resolution_config: DNS,
    typed_dns_resolver_config: DNS,
    fatal_actions: "only acts when Envoy crashes",
    application_log_config: "only changes Envoy's own log format",
    memory_allocator_manager: "only tunes Envoy's allocator",
    inline_headers: "only tunes header storage",
    flags_path: "only holds Envoy's drain and restart flag files",
    certificate_provider_instances: "certificates are used by TLS, which the gateway refuses",
    grpc_async_client_manager_config: "only tunes Envoy's own gRPC clients",
  },
);

export const STATIC_RESOURCES = schema(
  "envoy.config.bootstrap.v3.Bootstrap.StaticResources",
  "listeners clusters secrets",
  "listeners clusters",
  {
    secrets: "secrets are used by TLS, which the gateway refuses",
  },
);

export const LISTENER = schema(
  "envoy.config.listener.v3.Listener",
  `
  name address additional_addresses stat_prefix filter_chains filter_chain_matcher use_original_dst
  default_filter_chain per_connection_buffer_limit_bytes metadata deprecated_v1 drain_type
  listener_filters listener_filters_timeout continue_on_listener_filters_timeout transparent freebind
  socket_options tcp_fast_open_queue_length traffic_direction udp_listener_config api_listener
  connection_balance_config reuse_port enable_reuse_port access_log tcp_backlog_size
  max_connections_to_accept_per_socket_event bind_to_port internal_listener enable_mptcp
  ignore_global_conn_limit bypass_overload_manager`,
  "name address filter_chains per_connection_buffer_limit_bytes traffic_direction listener_filters bind_to_port",
  {
    stat_prefix: STATS,
    metadata: METADATA,
    access_log: LOGS,
    drain_type: "only acts while Envoy drains",
    listener_filters_timeout: "listener filters are not run",
    continue_on_listener_filters_timeout: "listener filters are not run",
    freebind: "only changes how the socket binds",
    socket_options: "only tunes the socket",
    tcp_fast_open_queue_length: "only tunes the socket",
    connection_balance_config: "only spreads connections over workers",
    reuse_port: "only tunes the socket",
    enable_reuse_port: "only tunes the socket",
    tcp_backlog_size: "only tunes the socket",
    max_connections_to_accept_per_socket_event: "only tunes accepting",
    ignore_global_conn_limit: "only acts at the global connection limit",
    bypass_overload_manager: "overload actions only act on an overloaded Envoy",
  },
);

export const FILTER_CHAIN = schema(
  "envoy.config.listener.v3.FilterChain",
  `
  filter_chain_match filters use_proxy_proto metadata transport_socket transport_socket_connect_timeout
  name on_demand_configuration`,
  "filters name filter_chain_match",
  {
    metadata: METADATA,
    transport_socket_connect_timeout: "only times TLS handshakes, and TLS is refused",
  },
);

export const NETWORK_FILTER = schema(
  "envoy.config.listener.v3.Filter",
  "name typed_config config_discovery",
  "name typed_config",
);

export const LISTENER_FILTER = schema(
  "envoy.config.listener.v3.ListenerFilter",
  "name typed_config config_discovery filter_disabled",
  "name typed_config",
);

export const ADDRESS = schema(
  "envoy.config.core.v3.Address",
  "socket_address pipe envoy_internal_address",
  "socket_address",
);

export const SOCKET_ADDRESS = schema(
  "envoy.config.core.v3.SocketAddress",
  "protocol address port_value named_port resolver_name ipv4_compat",
  "protocol address port_value",
  {
    ipv4_compat: "only changes whether an IPv6 socket also takes IPv4",
  },
);

export const HCM = schema(
  "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
  `
  @type codec_type stat_prefix rds route_config scoped_routes http_filters add_user_agent tracing
  common_http_protocol_options http_protocol_options http2_protocol_options http3_protocol_options
  server_name server_header_transformation scheme_header_transformation max_request_headers_kb
  stream_idle_timeout request_timeout request_headers_timeout drain_timeout delayed_close_timeout
  access_log access_log_flush_interval flush_access_log_on_new_request access_log_options
  use_remote_address xff_num_trusted_hops original_ip_detection_extensions
  early_header_mutation_extensions internal_address_config skip_xff_append via generate_request_id
  preserve_external_request_id always_set_request_id_in_response forward_client_cert_details
  set_current_client_cert_details proxy_100_continue represent_ipv4_remote_address_as_ipv4_mapped_ipv6
  upgrade_configs normalize_path merge_slashes path_with_escaped_slashes_action request_id_extension
  local_reply_config strip_matching_host_port strip_any_host_port stream_error_on_invalid_http_message
  path_normalization_options strip_trailing_host_dot proxy_status_config typed_header_validation_config
  append_x_forwarded_port append_local_overload add_proxy_protocol_connection_state`,
  "@type codec_type stat_prefix route_config http_filters server_name scheme_header_transformation generate_request_id stream_idle_timeout request_timeout common_http_protocol_options http_protocol_options max_request_headers_kb access_log",
  {
    tracing: TRACING,
    access_log_flush_interval: LOGS,
    flush_access_log_on_new_request: LOGS,
    access_log_options: LOGS,
    drain_timeout: "only acts while Envoy drains",
    delayed_close_timeout: CONNECTIONS,
    http2_protocol_options: "the gateway speaks HTTP/1.1",
    http3_protocol_options: "the gateway speaks HTTP/1.1",
    request_headers_timeout: "only acts on a client slower than the timeout",
  },
);

/** HCM common_http_protocol_options (api/envoy/config/core/v3/protocol.proto). */
export const HTTP_PROTOCOL_OPTIONS = schema(
  "envoy.config.core.v3.HttpProtocolOptions",
  `
  idle_timeout max_connection_duration max_headers_count max_response_headers_kb max_stream_duration
  headers_with_underscores_action max_requests_per_connection`,
  "idle_timeout max_headers_count",
  {
    max_connection_duration: CONNECTIONS,
    max_requests_per_connection: CONNECTIONS,
  },
);

/** HCM http_protocol_options (api/envoy/config/core/v3/protocol.proto). */
export const HTTP1_PROTOCOL_OPTIONS = schema(
  "envoy.config.core.v3.Http1ProtocolOptions",
  `
  allow_absolute_url accept_http_10 default_host_for_http_10 header_key_format enable_trailers
  allow_chunked_length override_stream_error_on_invalid_http_message send_fully_qualified_url
  use_balsa_parser allow_custom_methods ignore_http_11_upgrade`,
  "allow_absolute_url accept_http_10 default_host_for_http_10",
  {
    use_balsa_parser: "only picks Envoy's HTTP/1 parser implementation",
  },
);

export const SCHEME_HEADER_TRANSFORMATION = schema(
  "envoy.config.core.v3.SchemeHeaderTransformation",
  "scheme_to_overwrite match_upstream",
  "scheme_to_overwrite",
);

export const HTTP_FILTER = schema(
  "envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter",
  "name typed_config config_discovery is_optional disabled",
  "name typed_config is_optional",
);

export const ROUTER = schema(
  "envoy.extensions.filters.http.router.v3.Router",
  `
  @type dynamic_stats start_child_span upstream_log upstream_log_options suppress_envoy_headers
  strict_check_headers respect_expected_rq_timeout suppress_grpc_request_failure_code_stats
  upstream_http_filters`,
  "@type",
  {
    dynamic_stats: STATS,
    start_child_span: TRACING,
    upstream_log: LOGS,
    upstream_log_options: LOGS,
    suppress_grpc_request_failure_code_stats: STATS,
  },
);

export const ROUTE_CONFIGURATION = schema(
  "envoy.config.route.v3.RouteConfiguration",
  `
  name virtual_hosts vhds internal_only_headers response_headers_to_add response_headers_to_remove
  request_headers_to_add request_headers_to_remove most_specific_header_mutations_wins
  validate_clusters max_direct_response_body_size_bytes cluster_specifier_plugins
  request_mirror_policies ignore_port_in_host_matching ignore_path_parameters_in_path_matching
  typed_per_filter_config metadata`,
  "name virtual_hosts validate_clusters",
  {
    metadata: METADATA,
    max_direct_response_body_size_bytes: "only checks the configuration at start",
  },
);

export const VIRTUAL_HOST = schema(
  "envoy.config.route.v3.VirtualHost",
  `
  name domains routes matcher require_tls virtual_clusters rate_limits request_headers_to_add
  request_headers_to_remove response_headers_to_add response_headers_to_remove cors
  typed_per_filter_config include_request_attempt_count include_attempt_count_in_response
  retry_policy retry_policy_typed_config hedge_policy include_is_timeout_retry_header
  per_request_buffer_limit_bytes request_mirror_policies metadata`,
  "name domains routes",
  {
    virtual_clusters: STATS,
    rate_limits: NO_FILTER,
    cors: NO_FILTER,
    metadata: METADATA,
  },
);

export const ROUTE = schema(
  "envoy.config.route.v3.Route",
  `
  name match route redirect direct_response filter_action non_forwarding_action metadata decorator
  typed_per_filter_config request_headers_to_add request_headers_to_remove response_headers_to_add
  response_headers_to_remove tracing per_request_buffer_limit_bytes stat_prefix`,
  "name match route direct_response",
  {
    metadata: METADATA,
    decorator: TRACING,
    tracing: TRACING,
    stat_prefix: STATS,
  },
);

export const ROUTE_MATCH = schema(
  "envoy.config.route.v3.RouteMatch",
  `
  prefix path safe_regex connect_matcher path_separated_prefix path_match_policy case_sensitive
  runtime_fraction headers query_parameters grpc tls_context dynamic_metadata`,
  "prefix path safe_regex path_separated_prefix case_sensitive headers query_parameters",
);

export const HEADER_MATCHER = schema(
  "envoy.config.route.v3.HeaderMatcher",
  `
  name exact_match safe_regex_match range_match present_match prefix_match suffix_match
  contains_match string_match invert_match treat_missing_header_as_empty`,
  "*",
);

export const QUERY_PARAMETER_MATCHER = schema(
  "envoy.config.route.v3.QueryParameterMatcher",
  "name string_match present_match",
  "*",
);

export const STRING_MATCHER = schema(
  "envoy.type.matcher.v3.StringMatcher",
  "exact prefix suffix safe_regex contains custom ignore_case",
  "exact prefix suffix safe_regex contains ignore_case",
);

export const REGEX_MATCHER = schema("envoy.type.matcher.v3.RegexMatcher", "google_re2 regex", "*");

export const GOOGLE_RE2 = schema("envoy.type.matcher.v3.RegexMatcher.GoogleRE2", "max_program_size", "*");

export const INT64_RANGE = schema("envoy.type.v3.Int64Range", "start end", "*");

export const ROUTE_ACTION = schema(
  "envoy.config.route.v3.RouteAction",
  `
  cluster cluster_header weighted_clusters cluster_specifier_plugin inline_cluster_specifier_plugin
  cluster_not_found_response_code metadata_match prefix_rewrite regex_rewrite path_rewrite_policy
  host_rewrite_literal auto_host_rewrite host_rewrite_header host_rewrite_path_regex
  append_x_forwarded_host timeout idle_timeout early_data_policy retry_policy retry_policy_typed_config
  request_mirror_policies priority rate_limits include_vh_rate_limits hash_policy cors
  max_grpc_timeout grpc_timeout_offset upgrade_configs internal_redirect_policy internal_redirect_action
  max_internal_redirects hedge_policy max_stream_duration`,
  "cluster prefix_rewrite host_rewrite_literal timeout",
  {
    priority: "only picks the upstream connection pool",
    rate_limits: NO_FILTER,
    include_vh_rate_limits: NO_FILTER,
    cors: NO_FILTER,
    early_data_policy: "early data is HTTP/3 only",
    hash_policy: "only matters to hashing load balancers, which the gateway refuses for more than one endpoint",
  },
);

export const DIRECT_RESPONSE = schema("envoy.config.route.v3.DirectResponseAction", "status body", "*");

export const DATA_SOURCE = schema(
  "envoy.config.core.v3.DataSource",
  "filename inline_bytes inline_string environment_variable watched_directory",
  "filename inline_bytes inline_string",
);

export const CLUSTER = schema(
  "envoy.config.cluster.v3.Cluster",
  `
  transport_socket_matches name alt_stat_name type cluster_type eds_cluster_config connect_timeout
  per_connection_buffer_limit_bytes lb_policy load_assignment health_checks max_requests_per_connection
  circuit_breakers upstream_http_protocol_options common_http_protocol_options http_protocol_options
  http2_protocol_options typed_extension_protocol_options dns_refresh_rate dns_failure_refresh_rate
  respect_dns_ttl dns_lookup_family dns_resolvers use_tcp_for_dns_lookups dns_resolution_config
  typed_dns_resolver_config wait_for_warm_on_init outlier_detection cleanup_interval
  upstream_bind_config lb_subset_config ring_hash_lb_config maglev_lb_config original_dst_lb_config
  least_request_lb_config round_robin_lb_config common_lb_config transport_socket metadata
  protocol_selection upstream_connection_options close_connections_on_host_health_failure
  ignore_health_on_host_removal filters load_balancing_policy lrs_server lrs_report_endpoint_metrics
  track_timeout_budgets upstream_config track_cluster_stats preconnect_policy
  connection_pool_per_downstream_connection`,
  "name type connect_timeout lb_policy load_assignment dns_lookup_family per_connection_buffer_limit_bytes load_balancing_policy",
  {
    alt_stat_name: STATS,
    track_timeout_budgets: STATS,
    track_cluster_stats: STATS,
    lrs_server: STATS,
    lrs_report_endpoint_metrics: STATS,
    metadata: METADATA,
    health_checks: "health checks are not run; every endpoint is taken as healthy",
    outlier_detection: "no endpoint is ejected",
    circuit_breakers: "no circuit breaker trips",
    max_requests_per_connection: CONNECTIONS,
    common_http_protocol_options: CONNECTIONS,
    upstream_connection_options: CONNECTIONS,
    preconnect_policy: CONNECTIONS,
    cleanup_interval: CONNECTIONS,
    connection_pool_per_downstream_connection: CONNECTIONS,
    close_connections_on_host_health_failure: "health checks are not run",
    ignore_health_on_host_removal: "health checks are not run",
    upstream_http_protocol_options: "only acts on TLS upstreams, which the gateway refuses",
    http_protocol_options: "the gateway talks HTTP/1.1 to upstreams with its defaults",
    http2_protocol_options: "the gateway talks HTTP/1.1 to upstreams",
    typed_extension_protocol_options: "the gateway talks HTTP/1.1 to upstreams",
    protocol_selection: "the gateway talks HTTP/1.1 to upstreams",
    dns_refresh_rate: DNS,
    dns_failure_refresh_rate: DNS,
    respect_dns_ttl: DNS,
    dns_resolvers: DNS,
    use_tcp_for_dns_lookups: DNS,
    dns_resolution_config: DNS,
    typed_dns_resolver_config: DNS,
    wait_for_warm_on_init: "only changes start-up order",
    ring_hash_lb_config: "tunes a load balancer that has one endpoint to pick",
    maglev_lb_config: "tunes a load balancer that has one endpoint to pick",
    least_request_lb_config: "tunes a load balancer that has one endpoint to pick",
    round_robin_lb_config: "only tunes slow start of round robin",
  },
);

export const LOAD_ASSIGNMENT = schema(
  "envoy.config.endpoint.v3.ClusterLoadAssignment",
  "cluster_name endpoints named_endpoints policy",
  "cluster_name endpoints",
);

export const LOCALITY_LB_ENDPOINTS = schema(
  "envoy.config.endpoint.v3.LocalityLbEndpoints",
  `
  locality metadata lb_endpoints load_balancer_endpoints leds_cluster_locality_config
  load_balancing_weight priority proximity`,
  "locality lb_endpoints load_balancing_weight priority",
  {
    metadata: METADATA,
    proximity: "only used by locality-aware routing, which the gateway does not run",
  },
);

export const LOCALITY = schema("envoy.config.core.v3.Locality", "region zone sub_zone", "*");

export const LB_ENDPOINT = schema(
  "envoy.config.endpoint.v3.LbEndpoint",
  "endpoint endpoint_name health_status metadata load_balancing_weight",
  "endpoint health_status load_balancing_weight",
  {
    endpoint_name: "names an endpoint for EDS only",
    metadata: METADATA,
  },
);

export const ENDPOINT = schema(
  "envoy.config.endpoint.v3.Endpoint",
  "address health_check_config hostname additional_addresses",
  "address hostname",
  {
    health_check_config: "health checks are not run",
    additional_addresses: "only used for happy eyeballs",
  },
);

export const TYPED_STRUCT = schema("xds.type.v3.TypedStruct", "@type type_url value", "*");

export const WASM_FILTER = schema("envoy.extensions.filters.http.wasm.v3.Wasm", "@type config", "*");

export const PLUGIN_CONFIG = schema(
  "envoy.extensions.wasm.v3.PluginConfig",
  `
  name root_id vm_config configuration fail_open failure_policy reload_config
  capability_restriction_config allow_on_headers_stop_iteration`,
  "name root_id vm_config configuration fail_open failure_policy reload_config allow_on_headers_stop_iteration",
);

export const RELOAD_CONFIG = schema("envoy.extensions.wasm.v3.ReloadConfig", "backoff", "*");

export const BACKOFF = schema("envoy.config.core.v3.BackoffStrategy", "base_interval max_interval", "base_interval", {
  max_interval: "the gateway retries a failed VM at the base interval",
});

export const VM_CONFIG = schema(
  "envoy.extensions.wasm.v3.VmConfig",
  `
  vm_id runtime code configuration allow_precompiled nack_on_code_cache_miss environment_variables`,
  "vm_id runtime code configuration environment_variables",
  {
    allow_precompiled: "the gateway compiles the .wasm itself",
    nack_on_code_cache_miss: "only acts on remote code, which the gateway refuses",
  },
);

export const ENVIRONMENT_VARIABLES = schema(
  "envoy.extensions.wasm.v3.EnvironmentVariables",
  "host_env_keys key_values",
  "*",
);

export const ASYNC_DATA_SOURCE = schema("envoy.config.core.v3.AsyncDataSource", "local remote", "local");

/** Any (`@type` and the message's fields) whose contents are passed through as they are. */
export const ANY_VALUE = schema("google.protobuf.Any", "@type value", "*");

// ---- admin and access logs (bootstrap admin, HCM access_log) ---------------------------------

export const ADMIN = schema(
  "envoy.config.bootstrap.v3.Admin",
  `
  access_log access_log_path profile_path address socket_options ignore_global_conn_limit`,
  "address",
  {
    access_log: "only logs admin requests",
    access_log_path: "only logs admin requests",
    profile_path: "the admin serves no CPU profiler",
    socket_options: "only tunes the admin socket",
    ignore_global_conn_limit: "the gateway has no global connection limit",
  },
);

export const ACCESS_LOG = schema(
  "envoy.config.accesslog.v3.AccessLog",
  "name filter typed_config",
  "name typed_config",
);

export const STDOUT_ACCESS_LOG = schema(
  "envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
  "@type log_format",
  "*",
);

export const STDERR_ACCESS_LOG = schema(
  "envoy.extensions.access_loggers.stream.v3.StderrAccessLog",
  "@type log_format",
  "*",
);

export const FILE_ACCESS_LOG = schema(
  "envoy.extensions.access_loggers.file.v3.FileAccessLog",
  "@type path format json_format typed_json_format log_format",
  "@type path format log_format",
);

export const SUBSTITUTION_FORMAT_STRING = schema(
  "envoy.config.core.v3.SubstitutionFormatString",
  `
  text_format json_format text_format_source omit_empty_values content_type formatters json_format_options`,
  "text_format text_format_source omit_empty_values",
  {
    content_type: "only sets the content type of local replies formatted with it",
  },
);
