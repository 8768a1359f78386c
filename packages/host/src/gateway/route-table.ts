// Route selection (Envoy source/common/router/config_impl.cc): the virtual host by
// :authority (exact, then `*.suffix`, then `prefix*`, then `*`), then the first route whose
// path matcher and header matchers match.
import type { HeaderMap } from "../context/header-map.js";
import type { Route, RouteConfig, VirtualHost } from "./config-model.js";

function domainScore(domain: string, host: string): number {
  const d = domain.toLowerCase();
  if (d === host) return 4e6;
  if (d === "*") return 1;
  if (d.startsWith("*") && host.endsWith(d.slice(1)) && host.length > d.length - 1) return 3e6 + d.length;
  if (d.endsWith("*") && host.startsWith(d.slice(0, -1)) && host.length > d.length - 1) return 2e6 + d.length;
  return 0;
}

export function selectVirtualHost(config: RouteConfig, authority: string): VirtualHost | null {
  const host = authority.toLowerCase();
  let best: VirtualHost | null = null;
  let bestScore = 0;
  for (const vh of config.virtualHosts) {
    for (const d of vh.domains) {
      const s = domainScore(d, host);
      if (s > bestScore) {
        bestScore = s;
        best = vh;
      }
    }
  }
  return best;
}

function pathMatches(route: Route, path: string): boolean {
  const m = route.match;
  const pathOnly = path.split("?")[0];
  const cmp = (a: string) => (m.caseSensitive ? a : a.toLowerCase());
  switch (m.kind) {
    case "prefix": return cmp(path).startsWith(cmp(m.value));
    case "path": return cmp(pathOnly) === cmp(m.value);
    case "regex": return m.regex!.test(pathOnly);
  }
}

function headersMatch(route: Route, headers: HeaderMap): boolean {
  return route.match.headers.every((h) => {
    const v = headers.get(h.name);
    if (h.present !== undefined) return (v !== undefined) === h.present;
    if (v === undefined) return false;
    if (h.exact !== undefined) return v === h.exact;
    if (h.prefix !== undefined) return v.startsWith(h.prefix);
    return true;
  });
}

export function matchRoute(config: RouteConfig, headers: HeaderMap): Route | null {
  const vh = selectVirtualHost(config, headers.get(":authority") ?? "");
  if (!vh) return null;
  const path = headers.get(":path") ?? "/";
  return vh.routes.find((r) => pathMatches(r, path) && headersMatch(r, headers)) ?? null;
}
