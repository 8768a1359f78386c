// Route selection (Envoy source/common/router/config_impl.cc): the virtual host by
// :authority (exact, then `*.suffix`, then `prefix*`, then `*`), then the first route whose
// path matcher, header matchers and query parameter matchers match.
import type { HeaderMap } from "../context/header-map.js";
import type { HeaderMatcher, QueryParameterMatcher, Route, RouteConfig, VirtualHost } from "./config-model.js";
import { asciiLower } from "./string-matcher.js";

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
  const fold = (a: string) => (m.caseSensitive ? a : asciiLower(a));
  switch (m.kind) {
    // Envoy matches a prefix against the whole :path, query included.
    case "prefix":
      return fold(path).startsWith(fold(m.value));
    case "path":
      return fold(pathOnly) === fold(m.value);
    case "separated_prefix":
      return (
        pathOnly.length >= m.value.length &&
        fold(pathOnly.slice(0, m.value.length)) === fold(m.value) &&
        (pathOnly.length === m.value.length || pathOnly[m.value.length] === "/")
      );
    // case_sensitive does not apply to safe_regex.
    case "regex":
      return m.regex!.fullMatch(pathOnly);
  }
}

/**
 * HeaderUtility::matchHeaders: the values of a repeated header are joined with ","; a missing
 * header matches only present_match: false (or present_match: true inverted), unless
 * treat_missing_header_as_empty makes it "".
 */
function headerMatches(h: HeaderMatcher, headers: HeaderMap): boolean {
  const values = headers.getAll(h.name);
  if (values.length === 0 && !h.treatMissingAsEmpty) return h.value === null && (h.invert ? h.present : !h.present);
  const value = values.join(",");
  const match = h.value === null ? h.present : h.value(value);
  return match !== h.invert;
}

/** The first value of each query parameter, undecoded (Utility::QueryParamsMulti::parseQueryString). */
function firstQueryValues(path: string): Map<string, string> {
  const params = new Map<string, string>();
  const q = path.indexOf("?");
  if (q < 0) return params;
  const end = path.indexOf("#", q);
  for (const part of path.slice(q + 1, end < 0 ? undefined : end).split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = eq < 0 ? part : part.slice(0, eq);
    if (!params.has(name)) params.set(name, eq < 0 ? "" : part.slice(eq + 1));
  }
  return params;
}

function queryMatches(matchers: QueryParameterMatcher[], path: string): boolean {
  if (matchers.length === 0) return true;
  const params = firstQueryValues(path);
  return matchers.every((q) => {
    const v = params.get(q.name);
    return v !== undefined && (q.value === null || q.value(v));
  });
}

export function matchRoute(config: RouteConfig, headers: HeaderMap): Route | null {
  const vh = selectVirtualHost(config, headers.get(":authority") ?? "");
  if (!vh) return null;
  const path = headers.get(":path") ?? "/";
  return (
    vh.routes.find(
      (r) =>
        pathMatches(r, path) &&
        r.match.headers.every((h) => headerMatches(h, headers)) &&
        queryMatches(r.match.queryParameters, path),
    ) ?? null
  );
}
