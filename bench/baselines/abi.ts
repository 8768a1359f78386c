// The bare proxy-wasm 0.2.1 imports the baselines use, declared by hand (no SDK). Only those a
// module calls end up in its import section.

@external("env", "proxy_log")
export declare function proxy_log(level: u32, ptr: usize, len: usize): u32;

@external("env", "proxy_get_log_level")
export declare function proxy_get_log_level(retLevel: usize): u32;

@external("env", "proxy_get_buffer_bytes")
export declare function proxy_get_buffer_bytes(type: u32, start: u32, max: u32, retPtr: usize, retLen: usize): u32;

@external("env", "proxy_get_current_time_nanoseconds")
export declare function proxy_get_current_time_nanoseconds(retTime: usize): u32;

@external("env", "proxy_get_header_map_value")
export declare function proxy_get_header_map_value(map: u32, keyPtr: usize, keyLen: usize, retPtr: usize, retLen: usize): u32;

@external("env", "proxy_get_header_map_pairs")
export declare function proxy_get_header_map_pairs(map: u32, retPtr: usize, retLen: usize): u32;

@external("env", "proxy_add_header_map_value")
export declare function proxy_add_header_map_value(map: u32, keyPtr: usize, keyLen: usize, valuePtr: usize, valueLen: usize): u32;

@external("env", "proxy_replace_header_map_value")
export declare function proxy_replace_header_map_value(map: u32, keyPtr: usize, keyLen: usize, valuePtr: usize, valueLen: usize): u32;

@external("env", "proxy_remove_header_map_value")
export declare function proxy_remove_header_map_value(map: u32, keyPtr: usize, keyLen: usize): u32;

@external("env", "proxy_send_local_response")
export declare function proxy_send_local_response(status: u32, detailsPtr: usize, detailsLen: usize, bodyPtr: usize, bodyLen: usize, headersPtr: usize, headersLen: usize, grpcStatus: i32): u32;

@external("env", "proxy_continue_stream")
export declare function proxy_continue_stream(stream: u32): u32;

@external("env", "proxy_http_call")
export declare function proxy_http_call(clusterPtr: usize, clusterLen: usize, headersPtr: usize, headersLen: usize, bodyPtr: usize, bodyLen: usize, trailersPtr: usize, trailersLen: usize, timeoutMs: u32, retToken: usize): u32;

@external("env", "proxy_set_effective_context")
export declare function proxy_set_effective_context(contextId: u32): u32;

@external("env", "proxy_define_metric")
export declare function proxy_define_metric(type: u32, namePtr: usize, nameLen: usize, retId: usize): u32;

@external("env", "proxy_increment_metric")
export declare function proxy_increment_metric(id: u32, offset: i64): u32;

// Higress only.
@external("env", "proxy_redis_init")
export declare function proxy_redis_init(clusterPtr: usize, clusterLen: usize, userPtr: usize, userLen: usize, passwordPtr: usize, passwordLen: usize, timeoutMs: u32): u32;

@external("env", "proxy_redis_call")
export declare function proxy_redis_call(clusterPtr: usize, clusterLen: usize, queryPtr: usize, queryLen: usize, retToken: usize): u32;

/** Map types and statuses, Envoy's numbers. */
export const REQUEST_HEADERS: u32 = 0;
export const RESPONSE_HEADERS: u32 = 2;
export const HTTP_CALL_RESPONSE_HEADERS: u32 = 6;
export const PLUGIN_CONFIGURATION: u32 = 7;
export const REDIS_CALL_RESPONSE: u32 = 9;
export const LOG_DEBUG: u32 = 1;
export const CONTINUE: u32 = 0;
export const STOP_ALL_ITERATION_AND_WATERMARK: u32 = 4;

/** Two u32 return slots for host calls (ptr, len), and one u64. */
export const RET_PTR: usize = memory.data(16);
export const RET_LEN: usize = RET_PTR + 4;
export const RET_U64: usize = RET_PTR + 8;

/** A string's UTF-8 bytes, encoded once at start-up and held in a global (a GC root). */
export class Bytes {
  constructor(readonly buf: ArrayBuffer) {}
  @inline get ptr(): usize { return changetype<usize>(this.buf); }
  @inline get len(): usize { return <usize>this.buf.byteLength; }
}

export function bytes(s: string): Bytes {
  return new Bytes(String.UTF8.encode(s));
}

/** Reads a header the plugin reads but does not use, and frees the host's copy. */
export function readAndDrop(map: u32, key: Bytes): void {
  store<u32>(RET_PTR, 0);
  proxy_get_header_map_value(map, key.ptr, key.len, RET_PTR, RET_LEN);
  const ptr = load<u32>(RET_PTR);
  if (ptr != 0) heap.free(ptr);
}

/** Defines a counter metric; its id. */
export function defineCounter(name: string): u32 {
  const b = bytes(name);
  proxy_define_metric(0, b.ptr, b.len, RET_PTR);
  return load<u32>(RET_PTR);
}
