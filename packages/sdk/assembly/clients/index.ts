// The clients layer: HttpClient and RedisClient over Higress's cluster kinds.
export {
  Cluster,
  FQDNCluster,
  DnsCluster,
  StaticIpCluster,
  K8sCluster,
  NacosCluster,
  ConsulCluster,
  RouteCluster,
  TargetCluster,
} from "./cluster";
export { CallError, CallErrorKind } from "./call-error";
export { Headers } from "./headers";
export { HttpClient, HttpCallback, newClusterClient, DEFAULT_TIMEOUT_MS } from "./http-client";
export { RedisClient, RedisCallback, newRedisClusterClient } from "./redis-client";
export { RespValue, RespType, parseResp, encodeCommand } from "./resp";
export {
  RedisOption,
  withDataBase,
  withBufferFlushTimeout,
  withMaxBufferSizeBeforeFlush,
  withDisableBuffer,
} from "./redis-options";
