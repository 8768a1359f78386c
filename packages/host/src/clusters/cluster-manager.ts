// What the host asks of the clusters a plugin calls out to (Envoy's ClusterManager and
// AsyncClient as the wasm Context uses them; Higress's Redis async client). The test kit
// answers from tests; the gateway talks to real upstreams.
import type { WasmResult } from "../abi/enums.js";
import type { HeaderPair } from "../abi/pairs.js";

export interface HttpCalloutRequest {
  token: number;
  cluster: string;
  /** Lower-cased, with content-length set from the body as Envoy does. */
  headers: HeaderPair[];
  body: Uint8Array;
  trailers: HeaderPair[];
  /** null: no timeout (the plugin passed 0). */
  timeoutMs: number | null;
}

/** A response (Envoy onSuccess, which includes its own 503/504 replies) or a reset (onFailure). */
export type HttpCalloutResult =
  | { kind: "response"; headers: HeaderPair[]; body: Uint8Array; trailers: HeaderPair[] }
  | { kind: "reset" };

export interface RedisInitOptions {
  username: string;
  password: string;
  database: number;
  timeoutMs: number;
  bufferFlushTimeoutMs: number;
  maxBufferSizeBeforeFlush: number;
}

/** status 0: the raw RESP reply; status 1: a network error (Higress RedisCallStatus). */
export type RedisCallResult = { status: 0; reply: Uint8Array } | { status: 1 };

export interface Cancellable {
  cancel(): void;
}

export interface ClusterManager {
  hasCluster(name: string): boolean;
  /** Sends the call; null when it cannot be sent (Envoy returns InternalFailure). */
  httpCall(request: HttpCalloutRequest, done: (result: HttpCalloutResult) => void): Cancellable | null;
  /** Higress redisInit for a known cluster. */
  redisInit(cluster: string, options: RedisInitOptions): WasmResult;
  /** True once redisInit succeeded for the cluster. */
  redisReady(cluster: string): boolean;
  redisCall(
    cluster: string,
    token: number,
    query: Uint8Array,
    done: (result: RedisCallResult) => void,
  ): Cancellable | null;
  /** envoy_resolve_dns: addresses ("ip:0") with TTLs in seconds; an empty list is a failure. */
  resolveDns(name: string): Promise<{ address: string; ttl: number }[]>;
}
