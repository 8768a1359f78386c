// route_config (api/envoy/config/route/v3): virtual hosts by domain, routes by their match
// (parse-route-match.ts), to a cluster or a direct response. Fields that would change what a
// request gets and that the gateway does not run are refused by name.
import { ConfigError, ConfigReader } from "./config-reader.js";
import type { Route, RouteAction, RouteConfig, VirtualHost } from "./config-model.js";
import { DATA_SOURCE, DIRECT_RESPONSE, ROUTE, ROUTE_ACTION, ROUTE_MATCH, VIRTUAL_HOST } from "./envoy-fields.js";
import { parseRouteMatch } from "./parse-route-match.js";

/** Envoy's default route timeout. */
export const DEFAULT_ROUTE_TIMEOUT_MS = 15_000;

function parseDirectResponse(direct: ConfigReader): RouteAction {
  const status = direct.number("status");
  if (!Number.isInteger(status) || status < 200 || status >= 600)
    throw new ConfigError(`${direct.path}.status: must be 200 to 599`);
  const bodySource = direct.object("body", DATA_SOURCE);
  let body = "";
  if (bodySource) {
    if (bodySource.has("inline_string")) body = bodySource.string("inline_string");
    else if (bodySource.has("inline_bytes"))
      body = Buffer.from(bodySource.string("inline_bytes"), "base64").toString("latin1");
    for (const k of ["filename", "environment_variable", "watched_directory"])
      bodySource.refuse(k, "only inline_string and inline_bytes bodies are supported");
    bodySource.finish();
  }
  direct.finish();
  return { kind: "direct", status, body };
}

function parseRouteAction(route: ConfigReader): RouteAction {
  for (const k of [
    "cluster_header",
    "weighted_clusters",
    "cluster_specifier_plugin",
    "inline_cluster_specifier_plugin",
  ]) {
    route.refuse(k, "only route.cluster is supported");
  }
  for (const k of [
    "regex_rewrite",
    "path_rewrite_policy",
    "auto_host_rewrite",
    "host_rewrite_header",
    "host_rewrite_path_regex",
    "append_x_forwarded_host",
  ]) {
    route.refuse(k, "only prefix_rewrite and host_rewrite_literal rewrites are supported");
  }
  for (const k of ["retry_policy", "retry_policy_typed_config", "hedge_policy"])
    route.refuse(k, "retries are not supported: Envoy would retry failed requests");
  for (const k of ["internal_redirect_policy", "internal_redirect_action", "max_internal_redirects"])
    route.refuse(k, "internal redirects are not supported");
  const action: RouteAction = {
    kind: "cluster",
    cluster: route.string("cluster"),
    timeoutMs: route.durationMs("timeout", DEFAULT_ROUTE_TIMEOUT_MS),
    prefixRewrite: route.has("prefix_rewrite") ? route.string("prefix_rewrite") : null,
    hostRewrite: route.has("host_rewrite_literal") ? route.string("host_rewrite_literal") : null,
  };
  route.finish();
  return action;
}

function parseRoute(r: ConfigReader): Route {
  const match = parseRouteMatch(r.requireObject("match", ROUTE_MATCH));
  r.refuse("redirect", "redirects are not supported");
  r.refuse("filter_action", "filter actions are not supported");
  r.refuse("non_forwarding_action", "non-forwarding actions are not supported");
  const actions = ["route", "direct_response", "redirect", "filter_action", "non_forwarding_action"].filter((k) =>
    r.has(k),
  );
  if (actions.length !== 1) throw new ConfigError(`${r.path}: needs exactly one of route or direct_response`);
  const direct = r.object("direct_response", DIRECT_RESPONSE);
  const action = direct ? parseDirectResponse(direct) : parseRouteAction(r.requireObject("route", ROUTE_ACTION));
  for (const k of [
    "request_headers_to_add",
    "request_headers_to_remove",
    "response_headers_to_add",
    "response_headers_to_remove",
  ]) {
    r.refuse(k, "route header mutations are not supported (a plugin can change headers)");
  }
  const route: Route = { name: r.string("name", ""), match, action };
  r.finish();
  return route;
}

export function parseRouteConfig(rc: ConfigReader): RouteConfig {
  rc.refuse("vhds", "virtual host discovery is not supported; list virtual_hosts inline");
  for (const k of [
    "request_headers_to_add",
    "request_headers_to_remove",
    "response_headers_to_add",
    "response_headers_to_remove",
    "internal_only_headers",
  ]) {
    rc.refuse(k, "route header mutations are not supported (a plugin can change headers)");
  }
  // Envoy (config_impl.cc RouteMatcher) refuses a domain given twice, in one virtual host or two.
  const seen = new Set<string>();
  const virtualHosts: VirtualHost[] = rc.objects("virtual_hosts", VIRTUAL_HOST).map((vh) => {
    const routes: Route[] = vh.objects("routes", ROUTE).map(parseRoute);
    vh.refuse("matcher", "the generic matcher tree is not supported; use routes");
    vh.refuse("require_tls", "TLS is not supported: Envoy would redirect or refuse plain HTTP");
    for (const k of [
      "request_headers_to_add",
      "request_headers_to_remove",
      "response_headers_to_add",
      "response_headers_to_remove",
    ]) {
      vh.refuse(k, "virtual host header mutations are not supported (a plugin can change headers)");
    }
    for (const k of ["retry_policy", "retry_policy_typed_config", "hedge_policy"])
      vh.refuse(k, "retries are not supported: Envoy would retry failed requests");
    const domains = vh.array("domains").map(String);
    if (domains.length === 0) throw new ConfigError(`${vh.path}.domains: at least one domain is needed`);
    domains.forEach((d, j) => {
      const domain = d.toLowerCase();
      if (seen.has(domain))
        throw new ConfigError(
          `${vh.path}.domains[${j}]: only unique values for domains are permitted; "${domain}" is given twice`,
        );
      seen.add(domain);
    });
    const host: VirtualHost = { name: vh.string("name"), domains, routes };
    vh.finish();
    return host;
  });
  const config = { name: rc.string("name", ""), virtualHosts, validateClusters: rc.bool("validate_clusters", true) };
  rc.finish();
  return config;
}

/**
 * Envoy refuses an inline route_config whose routes name a cluster that does not exist, unless
 * validate_clusters is false (source/common/router/config_impl.cc). Checked once the clusters
 * are final (after --cluster adds any).
 */
export function checkRouteClusters(routes: RouteConfig, clusterNames: readonly string[], where: string): void {
  if (!routes.validateClusters) return;
  for (const vh of routes.virtualHosts) {
    for (const r of vh.routes) {
      if (r.action.kind === "cluster" && !clusterNames.includes(r.action.cluster)) {
        throw new ConfigError(
          `${where}: route ${r.name ? `${r.name} ` : ""}in virtual host ${vh.name}: unknown cluster '${r.action.cluster}' (Envoy refuses it unless route_config.validate_clusters is false)`,
        );
      }
    }
  }
}
