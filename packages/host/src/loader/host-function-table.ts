// Which functions the host offers a module at link time, with their signatures, as
// proxy-wasm-cpp-host registers them (src/wasm.cc WasmBase::registerCallbacks,
// include/proxy-wasm/exports.h). Linking is static: a module importing anything not in this
// table, or with another signature, does not load.
import type { FuncType, ValType } from "./wasm-binary.js";

export type Flavor = "envoy" | "higress";
export type AbiVersion = "0_1_0" | "0_2_0" | "0_2_1" | "0_2_100";

const i32 = "i32" as const;
const i64 = "i64" as const;
const sig = (params: ValType[], results: ValType[] = [i32]): FuncType => ({ params, results });
const words = (n: number): FuncType => sig(Array<ValType>(n).fill(i32));

/** FOR_ALL_HOST_FUNCTIONS: registered for every ABI version. */
const PROXY_COMMON: Record<string, FuncType> = {
  log: words(3),
  get_status: words(3),
  set_property: words(4),
  get_property: words(4),
  send_local_response: words(8),
  get_shared_data: words(5),
  set_shared_data: words(5),
  register_shared_queue: words(3),
  resolve_shared_queue: words(5),
  dequeue_shared_queue: words(3),
  enqueue_shared_queue: words(3),
  get_header_map_value: words(5),
  add_header_map_value: words(5),
  replace_header_map_value: words(5),
  remove_header_map_value: words(3),
  get_header_map_pairs: words(3),
  set_header_map_pairs: words(3),
  get_header_map_size: words(2),
  get_buffer_status: words(3),
  get_buffer_bytes: words(5),
  set_buffer_bytes: words(5),
  http_call: words(10),
  grpc_call: words(12),
  grpc_stream: words(9),
  grpc_close: words(1),
  grpc_cancel: words(1),
  grpc_send: words(4),
  set_tick_period_milliseconds: words(1),
  get_current_time_nanoseconds: words(1),
  define_metric: words(4),
  increment_metric: sig([i32, i64]),
  record_metric: sig([i32, i64]),
  get_metric: words(2),
  set_effective_context: words(1),
  done: words(0),
  call_foreign_function: words(6),
};

/** Registered only for some ABI markers (registerCallbacks' if/else on abiVersion()). */
const PROXY_BY_ABI: Record<AbiVersion, Record<string, FuncType>> = {
  "0_1_0": {
    get_configuration: words(2),
    continue_request: words(0),
    continue_response: words(0),
    clear_route_cache: words(0),
  },
  "0_2_0": { continue_stream: words(1), close_stream: words(1) },
  "0_2_1": { continue_stream: words(1), close_stream: words(1), get_log_level: words(1) },
  "0_2_100": { continue_stream: words(1), close_stream: words(1), get_log_level: words(1) },
};

/** Higress's cpp-host fork (pin 7850d17 used by its Envoy 1.27): the Redis calls. */
const PROXY_HIGRESS: Record<string, FuncType> = {
  redis_init: words(7),
  redis_call: words(5),
};

/**
 * The WASI set every host in use registers (older pins included), under both
 * `wasi_snapshot_preview1` and `wasi_unstable`. Newer hosts add more (sched_yield,
 * poll_oneoff, …); a module must not rely on those, so they are left out here.
 */
const WASI: Record<string, FuncType> = {
  fd_write: words(4),
  fd_read: words(4),
  fd_seek: sig([i32, i64, i32, i32]),
  fd_close: words(1),
  fd_fdstat_get: words(2),
  environ_get: words(2),
  environ_sizes_get: words(2),
  args_get: words(2),
  args_sizes_get: words(2),
  clock_time_get: sig([i32, i64, i32]),
  random_get: words(2),
  proc_exit: sig([i32], []),
  path_open: sig([i32, i32, i32, i32, i32, i64, i64, i32, i32]),
  fd_prestat_get: words(2),
  fd_prestat_dir_name: words(3),
};

/** Emscripten leftovers cpp-host always registers, and Envoy's own DNS call (Envoy wasm.cc registerCallbacks). */
const ENV_MISC: Record<string, FuncType> = {
  pthread_equal: words(2),
  emscripten_notify_memory_growth: sig([i32], []),
  envoy_resolve_dns: words(3),
};

export interface HostFunctionSpec {
  module: string;
  name: string;
  type: FuncType;
}

/** Every function the host links for this flavor and ABI marker, keyed "module.name". */
export function hostFunctionTable(flavor: Flavor, abi: AbiVersion): Map<string, HostFunctionSpec> {
  const table = new Map<string, HostFunctionSpec>();
  const add = (module: string, name: string, type: FuncType) => table.set(`${module}.${name}`, { module, name, type });
  for (const [n, t] of Object.entries(ENV_MISC)) add("env", n, t);
  for (const module of ["wasi_unstable", "wasi_snapshot_preview1"]) {
    for (const [n, t] of Object.entries(WASI)) add(module, n, t);
  }
  for (const [n, t] of Object.entries(PROXY_COMMON)) add("env", `proxy_${n}`, t);
  for (const [n, t] of Object.entries(PROXY_BY_ABI[abi])) add("env", `proxy_${n}`, t);
  // Higress's cpp-host registers its Redis calls for the 0.2.1 and 0.2.100 markers only.
  if (flavor === "higress" && (abi === "0_2_1" || abi === "0_2_100")) {
    for (const [n, t] of Object.entries(PROXY_HIGRESS)) add("env", `proxy_${n}`, t);
  }
  return table;
}

/** The callbacks the host may call, with the signature Envoy expects (FOR_ALL_MODULE_FUNCTIONS). */
export const MODULE_FUNCTIONS: Record<string, FuncType> = {
  _initialize: sig([], []),
  _start: sig([], []),
  main: sig([i32, i32], [i32]),
  __main_void: sig([], [i32]),
  malloc: words(1),
  proxy_on_memory_allocate: words(1),
  proxy_on_context_create: sig([i32, i32], []),
  proxy_on_vm_start: words(2),
  proxy_on_configure: words(2),
  proxy_on_tick: sig([i32], []),
  proxy_on_queue_ready: sig([i32, i32], []),
  proxy_on_foreign_function: sig([i32, i32, i32], []),
  proxy_on_request_headers: words(3),
  proxy_on_request_body: words(3),
  proxy_on_request_trailers: words(2),
  proxy_on_request_metadata: words(2),
  proxy_on_response_headers: words(3),
  proxy_on_response_body: words(3),
  proxy_on_response_trailers: words(2),
  proxy_on_response_metadata: words(2),
  proxy_on_http_call_response: sig([i32, i32, i32, i32, i32], []),
  proxy_on_grpc_receive_initial_metadata: sig([i32, i32, i32], []),
  proxy_on_grpc_receive: sig([i32, i32, i32], []),
  proxy_on_grpc_receive_trailing_metadata: sig([i32, i32, i32], []),
  proxy_on_grpc_close: sig([i32, i32, i32], []),
  proxy_on_new_connection: words(1),
  proxy_on_downstream_data: words(3),
  proxy_on_upstream_data: words(3),
  proxy_on_downstream_connection_close: sig([i32, i32], []),
  proxy_on_upstream_connection_close: sig([i32, i32], []),
  proxy_on_done: words(1),
  proxy_on_log: sig([i32], []),
  proxy_on_delete: sig([i32], []),
  proxy_on_redis_call_response: sig([i32, i32, i32, i32], []),
  envoy_on_resolve_dns: sig([i32, i32, i32], []),
  envoy_on_stats_update: sig([i32, i32], []),
  proxy_validate_configuration: words(2),
};

/** ABI 0.1.0's header callbacks have no end-of-stream argument (cpp-host on_*_headers_abi_01). */
export const ABI_0_1_0_CALLBACKS: Record<string, FuncType> = {
  proxy_on_request_headers: words(2),
  proxy_on_response_headers: words(2),
};
