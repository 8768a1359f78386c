// Where an HttpClient or RedisClient sends its calls: Higress's cluster kinds, producing the
// Envoy cluster names Higress's controller creates (`outbound|80||my-svc.dns`) and the
// :authority to send when the URL has no host.
//
//   const client = newClusterClient(new FQDNCluster("my-svc.dns", 80));
import { getPropertyString } from "../proxywasm/properties";
import { runningHttpContext } from "../wrapper/running";

export abstract class Cluster {
  /** The Envoy cluster name calls go to. */
  abstract clusterName(): string;
  /** The :authority used when the URL has none. */
  abstract hostName(): string;
  /**
   * True if clusterName() and hostName() always give the same answer, so a client may work them
   * out once (every kind here but RouteCluster, whose fields are therefore read-only).
   */
  isFixed(): bool {
    return false;
  }
}

function outbound(port: i64, version: string, fqdn: string): string {
  return "outbound|" + port.toString() + "|" + version + "|" + fqdn;
}

/** Any service by its full name with type suffix (`my-svc.dns`, `redis.static`, `svc.ns.svc.cluster.local`). */
export class FQDNCluster extends Cluster {
  constructor(
    public readonly fqdn: string,
    public readonly port: i64,
    public readonly host: string = "",
  ) {
    super();
  }
  isFixed(): bool {
    return true;
  }
  clusterName(): string {
    return outbound(this.port, "", this.fqdn);
  }
  hostName(): string {
    return this.host.length != 0 ? this.host : this.fqdn;
  }
}

/** A DNS service registered in Higress (`{serviceName}.dns`). */
export class DnsCluster extends Cluster {
  constructor(
    public readonly serviceName: string,
    public readonly domain: string,
    public readonly port: i64,
  ) {
    super();
  }
  isFixed(): bool {
    return true;
  }
  clusterName(): string {
    return outbound(this.port, "", this.serviceName + ".dns");
  }
  hostName(): string {
    return this.domain;
  }
}

/** A fixed-address service registered in Higress (`{serviceName}.static`, logical port 80). */
export class StaticIpCluster extends Cluster {
  constructor(
    public readonly serviceName: string,
    public readonly port: i64,
    public readonly host: string = "",
  ) {
    super();
  }
  isFixed(): bool {
    return true;
  }
  clusterName(): string {
    return outbound(this.port, "", this.serviceName + ".static");
  }
  hostName(): string {
    return this.host.length != 0 ? this.host : this.serviceName;
  }
}

/** A Kubernetes service (namespace "default" when empty). */
export class K8sCluster extends Cluster {
  constructor(
    public readonly serviceName: string,
    public readonly namespace: string,
    public readonly port: i64,
    public readonly version: string = "",
    public readonly host: string = "",
  ) {
    super();
  }
  isFixed(): bool {
    return true;
  }
  clusterName(): string {
    const ns = this.namespace.length != 0 ? this.namespace : "default";
    return outbound(this.port, this.version, this.serviceName + "." + ns + ".svc.cluster.local");
  }
  hostName(): string {
    return this.host.length != 0 ? this.host : this.serviceName + "." + this.namespace + ".svc.cluster.local";
  }
}

/** A Nacos service (group "DEFAULT-GROUP" when empty; `_` becomes `-`; `.nacos-ext` for EDAS/SAE). */
export class NacosCluster extends Cluster {
  constructor(
    public readonly serviceName: string,
    public readonly group: string,
    public readonly namespaceId: string,
    public readonly port: i64,
    public readonly isExtRegistry: bool = false,
    public readonly version: string = "",
    public readonly host: string = "",
  ) {
    super();
  }
  isFixed(): bool {
    return true;
  }
  clusterName(): string {
    const group = this.group.length != 0 ? this.group.replaceAll("_", "-") : "DEFAULT-GROUP";
    const tail = this.isExtRegistry ? "nacos-ext" : "nacos";
    return outbound(this.port, this.version, this.serviceName + "." + group + "." + this.namespaceId + "." + tail);
  }
  hostName(): string {
    return this.host.length != 0 ? this.host : this.serviceName;
  }
}

/** A Consul service (`{serviceName}.{datacenter}.consul`). */
export class ConsulCluster extends Cluster {
  constructor(
    public readonly serviceName: string,
    public readonly datacenter: string,
    public readonly port: i64,
    public readonly host: string = "",
  ) {
    super();
  }
  isFixed(): bool {
    return true;
  }
  clusterName(): string {
    return outbound(this.port, "", this.serviceName + "." + this.datacenter + ".consul");
  }
  hostName(): string {
    return this.host.length != 0 ? this.host : this.serviceName;
  }
}

/** The current route's own upstream (property cluster_name); only meaningful inside a request. */
export class RouteCluster extends Cluster {
  constructor(public host: string = "") {
    super();
  }
  clusterName(): string {
    const name = getPropertyString(["cluster_name"]);
    return name !== null ? name : "";
  }
  hostName(): string {
    if (this.host.length != 0) return this.host;
    const ctx = runningHttpContext();
    return ctx !== null ? ctx.host() : "";
  }
}

/** A cluster given by its raw Envoy name. */
export class TargetCluster extends Cluster {
  constructor(
    public readonly host: string,
    public readonly cluster: string,
  ) {
    super();
  }
  isFixed(): bool {
    return true;
  }
  clusterName(): string {
    return this.cluster;
  }
  hostName(): string {
    return this.host;
  }
}
