// `_rules_` matching exactly as Higress's pkg/matcher does it:
// - a rule's kind comes from which conditions it has: route (+ service: both must match),
//   else domain, else service, else route prefix; other conditions in the rule are ignored;
// - domains: `*.x` matches by suffix, `x*` by prefix, anything else exactly, against
//   :authority without its port;
// - services: property cluster_name `outbound|port|subset|fqdn`, matched by `fqdn` or
//   `fqdn:port`; routes: property route_name, exactly or by prefix;
// - the first matching rule wins.
// One departure: Higress drops an empty condition (`_match_domain_: [""]`), which then never
// matches; here it is refused with its path, since it is always a mistake in the config.
import { getPropertyString } from "../proxywasm/properties";
import { JsonValue } from "../json/value";
import { HttpContext } from "./http-context";

enum RuleKind {
  Route = 0,
  Domain = 1,
  Service = 2,
  RoutePrefix = 3,
  RouteAndService = 4,
}

enum DomainMatch {
  Exact = 0,
  Suffix = 1,
  Prefix = 2,
}

class DomainPattern {
  constructor(
    readonly how: DomainMatch,
    readonly text: string,
  ) {}
}

/** The conditions of one rule (its config lives beside it, in the runtime). */
export class RuleConditions {
  kind: RuleKind = RuleKind.Route;
  routes: string[] = [];
  routePrefixes: string[] = [];
  services: string[] = [];
  domains: DomainPattern[] = [];
}

/** The strings of condition `key`; an empty one is recorded as an error at its path. */
function conditions(rule: JsonValue, key: string): string[] {
  const items = rule.member(key).array();
  const out = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = unchecked(items[i]);
    const s = item.string();
    if (item.isString() && s.length == 0) item.invalid("is empty: it would never match");
    unchecked((out[i] = s));
  }
  return out;
}

/** Reads a rule's `_match_*_` conditions; null (and an error recorded on `rule`) if it has none. */
export function parseRuleConditions(rule: JsonValue): RuleConditions | null {
  const r = new RuleConditions();
  r.routes = conditions(rule, "_match_route_");
  r.routePrefixes = conditions(rule, "_match_route_prefix_");
  r.services = conditions(rule, "_match_service_");
  const domains = conditions(rule, "_match_domain_");
  for (let i = 0; i < domains.length; i++) {
    const d = unchecked(domains[i]);
    if (d.startsWith("*")) r.domains.push(new DomainPattern(DomainMatch.Suffix, d.substring(1)));
    else if (d.endsWith("*")) r.domains.push(new DomainPattern(DomainMatch.Prefix, d.substring(0, d.length - 1)));
    else r.domains.push(new DomainPattern(DomainMatch.Exact, d));
  }
  const hasRoute = r.routes.length != 0;
  const hasService = r.services.length != 0;
  if (hasRoute) r.kind = hasService ? RuleKind.RouteAndService : RuleKind.Route;
  else if (r.domains.length != 0) r.kind = RuleKind.Domain;
  else if (hasService) r.kind = RuleKind.Service;
  else if (r.routePrefixes.length != 0) r.kind = RuleKind.RoutePrefix;
  else {
    rule.invalid("a rule needs at least one of _match_route_, _match_domain_, _match_service_, _match_route_prefix_");
    return null;
  }
  return r;
}

/** :authority without its port (an IPv6 literal keeps its brackets). */
function stripPort(host: string): string {
  const colon = host.lastIndexOf(":");
  if (colon < 0) return host;
  const bracket = host.lastIndexOf("]");
  return bracket < 0 || bracket < colon ? host.substring(0, colon) : host;
}

function includes(items: string[], s: string): bool {
  for (let i = 0; i < items.length; i++) if (unchecked(items[i]) == s) return true;
  return false;
}

function domainMatches(r: RuleConditions, host: string): bool {
  for (let i = 0; i < r.domains.length; i++) {
    const d = unchecked(r.domains[i]);
    if (
      d.how == DomainMatch.Suffix
        ? host.endsWith(d.text)
        : d.how == DomainMatch.Prefix
          ? host.startsWith(d.text)
          : host == d.text
    )
      return true;
  }
  return false;
}

function serviceMatches(r: RuleConditions, clusterName: string): bool {
  // outbound|port|subset|fqdn: exactly four fields.
  const a = clusterName.indexOf("|");
  const b = a < 0 ? -1 : clusterName.indexOf("|", a + 1);
  const c = b < 0 ? -1 : clusterName.indexOf("|", b + 1);
  if (c < 0 || clusterName.indexOf("|", c + 1) >= 0) return false;
  const port = clusterName.substring(a + 1, b);
  const fqdn = clusterName.substring(c + 1);
  for (let i = 0; i < r.services.length; i++) {
    const s = unchecked(r.services[i]);
    const colon = s.lastIndexOf(":");
    if (colon >= 0 && fqdn == s.substring(0, colon) && port == s.substring(colon + 1)) return true;
    if (fqdn == s) return true;
  }
  return false;
}

function prefixMatches(r: RuleConditions, route: string): bool {
  for (let i = 0; i < r.routePrefixes.length; i++) if (route.startsWith(unchecked(r.routePrefixes[i]))) return true;
  return false;
}

/** What a request offers to match on; route and cluster are read once, when a rule needs them. */
export class RequestFacts {
  private route_: string | null = null;
  private cluster_: string | null = null;
  constructor(private readonly ctx: HttpContext) {}

  get route(): string {
    if (this.route_ === null) this.route_ = propertyOrEmpty("route_name");
    return this.route_!;
  }
  get cluster(): string {
    if (this.cluster_ === null) this.cluster_ = propertyOrEmpty("cluster_name");
    return this.cluster_!;
  }
  get host(): string {
    return stripPort(this.ctx.host());
  }
}

function propertyOrEmpty(name: string): string {
  const p = getPropertyString([name]);
  return p !== null ? p : "";
}

export function ruleMatches(r: RuleConditions, facts: RequestFacts): bool {
  switch (r.kind) {
    case RuleKind.Domain:
      return domainMatches(r, facts.host);
    case RuleKind.Route:
      return includes(r.routes, facts.route);
    case RuleKind.Service:
      return serviceMatches(r, facts.cluster);
    case RuleKind.RouteAndService:
      return includes(r.routes, facts.route) && serviceMatches(r, facts.cluster);
    default:
      return prefixMatches(r, facts.route);
  }
}
