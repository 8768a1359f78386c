// Builds a cluster from a JSON description ({"kind": "fqdn", …}) for the client test plugins.
import {
  Cluster,
  ConsulCluster,
  DnsCluster,
  FQDNCluster,
  JsonValue,
  K8sCluster,
  NacosCluster,
  RouteCluster,
  StaticIpCluster,
  TargetCluster,
} from "@gatewasm/sdk";

export function clusterOf(j: JsonValue): Cluster {
  const kind = j.get("kind").string();
  const port = j.get("port").int();
  const host = j.get("host").string();
  if (kind == "dns") return new DnsCluster(j.get("serviceName").string(), j.get("domain").string(), port);
  if (kind == "static") return new StaticIpCluster(j.get("serviceName").string(), port, host);
  if (kind == "k8s")
    return new K8sCluster(
      j.get("serviceName").string(),
      j.get("namespace").string(),
      port,
      j.get("version").string(),
      host,
    );
  if (kind == "nacos") {
    return new NacosCluster(
      j.get("serviceName").string(),
      j.get("group").string(),
      j.get("namespaceId").string(),
      port,
      j.get("isExtRegistry").bool(),
      j.get("version").string(),
      host,
    );
  }
  if (kind == "consul")
    return new ConsulCluster(j.get("serviceName").string(), j.get("datacenter").string(), port, host);
  if (kind == "route") return new RouteCluster(host);
  if (kind == "target") return new TargetCluster(host, j.get("cluster").string());
  return new FQDNCluster(j.get("fqdn").string(), port, host);
}
