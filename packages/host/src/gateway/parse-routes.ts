// route_config (api/envoy/config/route/v3): virtual hosts by domain, routes by prefix, path
// or safe_regex (and header matchers), to a cluster or a direct response.
import { ConfigError, ConfigReader } from "./config-reader.js";
import type { Route, RouteAction, RouteConfig, RouteMatch, VirtualHost } from "./config-model.js";

/** Envoy's default route timeout. */
export const DEFAULT_ROUTE_TIMEOUT_MS = 15_000;

function parseMatch(m: ConfigReader): RouteMatch {
  const caseSensitive = m.bool("case_sensitive", true);
  const headers = m.objects("headers").map((h) => {
    const out: RouteMatch["headers"][number] = { name: h.string("name").toLowerCase() };
    if (h.has("exact_match")) out.exact = h.string("exact_match");
    if (h.has("present_match")) out.present = h.bool("present_match");
    if (h.has("prefix_match")) out.prefix = h.string("prefix_match");
    const sm = h.object("string_match");
    if (sm) {
      if (sm.has("exact")) out.exact = sm.string("exact");
      if (sm.has("prefix")) out.prefix = sm.string("prefix");
      sm.finish();
    }
    h.finish();
    return out;
  });
  let match: RouteMatch;
  if (m.has("prefix")) match = { kind: "prefix", value: m.string("prefix"), caseSensitive, headers };
  else if (m.has("path")) match = { kind: "path", value: m.string("path"), caseSensitive, headers };
  else if (m.has("safe_regex")) {
    const r = m.requireObject("safe_regex");
    const source = r.string("regex");
    r.ignore("google_re2");
    r.finish();
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:${source})$`, caseSensitive ? "" : "i");
    } catch (e) {
      throw new ConfigError(`${r.path}.regex: ${(e as Error).message}`);
    }
    match = { kind: "regex", value: source, regex, caseSensitive, headers };
  } else throw new ConfigError(`${m.path}: needs prefix, path or safe_regex`);
  m.finish();
  return match;
}

function parseAction(r: ConfigReader): RouteAction {
  const direct = r.object("direct_response");
  if (direct) {
    const body = direct.object("body");
    const text = body ? body.string("inline_string", "") : "";
    body?.finish();
    const action: RouteAction = { kind: "direct", status: direct.number("status"), body: text };
    direct.finish();
    return action;
  }
  const route = r.object("route");
  if (!route) throw new ConfigError(`${r.path}: needs route or direct_response (redirect is not supported)`);
  if (route.has("cluster_header") || route.has("weighted_clusters")) throw new ConfigError(`${route.path}: only route.cluster is supported`);
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

export function parseRouteConfig(rc: ConfigReader): RouteConfig {
  const virtualHosts: VirtualHost[] = rc.objects("virtual_hosts").map((vh) => {
    const routes: Route[] = vh.objects("routes").map((r) => {
      const route: Route = { name: r.string("name", ""), match: parseMatch(r.requireObject("match")), action: parseAction(r) };
      r.finish();
      return route;
    });
    const host: VirtualHost = { name: vh.string("name", ""), domains: vh.array("domains").map(String), routes };
    vh.finish();
    return host;
  });
  const config = { name: rc.string("name", ""), virtualHosts };
  rc.finish();
  return config;
}
