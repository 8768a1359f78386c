// A cluster's load_assignment (api/envoy/config/endpoint/v3): the endpoints the gateway picks
// round robin. Envoy spreads load by priority, locality and weight; the gateway runs those only
// where they cannot change the pick (one priority, one locality, equal weights) and refuses
// the rest by name. The v2 `cluster.hosts` is gone from v3 and is refused as unknown.
import { ConfigError, type ConfigReader } from "./config-reader.js";
import { ADDRESS, ENDPOINT, LB_ENDPOINT, LOAD_ASSIGNMENT, LOCALITY, LOCALITY_LB_ENDPOINTS } from "./envoy-fields.js";
import { socketAddress } from "./parse-address.js";

const HEALTHY = ["UNKNOWN", "HEALTHY"];

/** A value that must be the same across the cluster; the first path that differs is named. */
class MustAgree {
  private first: string | undefined;
  constructor(private readonly why: string) {}
  check(value: string, path: string): void {
    if (this.first === undefined) this.first = value;
    else if (value !== this.first) throw new ConfigError(`${path}: ${this.why}`);
  }
}

export function parseEndpoints(c: ConfigReader): { host: string; port: number }[] {
  const endpoints: { host: string; port: number }[] = [];
  const la = c.object("load_assignment", LOAD_ASSIGNMENT);
  if (!la) return endpoints;
  la.ignore("cluster_name");
  la.refuse("named_endpoints", "named endpoints are not supported");
  la.refuse("policy", "load assignment policies (overprovisioning, drop_overloads) are not supported");
  const priority = new MustAgree(
    "more than one priority is not supported: Envoy sends traffic to priority 0 and fails over; the gateway would use every endpoint",
  );
  const locality = new MustAgree(
    "more than one locality is not supported: the gateway does not spread load by locality",
  );
  const groupWeight = new MustAgree(
    "locality weights that differ are not supported: the gateway picks endpoints round robin",
  );
  const weight = new MustAgree(
    "endpoint weights that differ are not supported: the gateway picks endpoints round robin",
  );
  for (const group of la.objects("endpoints", LOCALITY_LB_ENDPOINTS)) {
    group.refuse("load_balancer_endpoints", "use lb_endpoints");
    group.refuse("leds_cluster_locality_config", "LEDS is not supported; use lb_endpoints");
    priority.check(String(group.number("priority", 0)), `${group.path}.priority`);
    const loc = group.object("locality", LOCALITY);
    const where = loc ? [loc.string("region", ""), loc.string("zone", ""), loc.string("sub_zone", "")].join("/") : "//";
    loc?.finish();
    locality.check(where, `${group.path}.locality`);
    const gw = group.raw("load_balancing_weight");
    groupWeight.check(JSON.stringify(gw ?? null), `${group.path}.load_balancing_weight`);
    for (const lb of group.objects("lb_endpoints", LB_ENDPOINT)) {
      const ep = lb.requireObject("endpoint", ENDPOINT);
      endpoints.push(socketAddress(ep.requireObject("address", ADDRESS)));
      // hostname is used by auto_host_rewrite and health checks, which the gateway refuses or does not run.
      ep.ignore("hostname");
      ep.finish();
      const health = lb.enumValue(
        "health_status",
        ["UNKNOWN", "HEALTHY", "UNHEALTHY", "DRAINING", "TIMEOUT", "DEGRADED"],
        "UNKNOWN",
      );
      if (!HEALTHY.includes(health))
        throw new ConfigError(
          `${lb.path}.health_status: ${health} endpoints are not supported: Envoy would not send them traffic`,
        );
      weight.check(JSON.stringify(lb.raw("load_balancing_weight") ?? 1), `${lb.path}.load_balancing_weight`);
      lb.finish();
    }
    group.finish();
  }
  la.finish();
  return endpoints;
}
