// Every callback Envoy makes on a stream or root, doing nothing, plus the ABI marker and the
// allocator. The SDK exports all of them, so the host crosses into the module the same number
// of times for plugin and baseline. A baseline re-exports this file (`export * from`) and
// declares the callbacks it implements, which take precedence.
import "./runtime"; // the `use` targets of asconfig.json must be compiled in
import { CONTINUE } from "./abi";

export function proxy_abi_version_0_2_1(): void {}

/** Envoy looks `malloc` up first. Memory the host fills is freed by the baseline once read. */
export function malloc(size: usize): usize {
  return heap.alloc(size);
}

export function proxy_on_context_create(contextId: u32, parentId: u32): void {}
export function proxy_on_vm_start(rootId: u32, size: u32): bool {
  return true;
}
export function proxy_on_configure(rootId: u32, size: u32): bool {
  return true;
}
export function proxy_on_tick(rootId: u32): void {}
export function proxy_on_queue_ready(rootId: u32, queueId: u32): void {}
export function proxy_on_foreign_function(rootId: u32, functionId: u32, size: u32): void {}
export function proxy_on_http_call_response(
  rootId: u32,
  token: u32,
  headers: u32,
  bodySize: u32,
  trailers: u32,
): void {}
export function proxy_on_redis_call_response(rootId: u32, token: u32, status: u32, size: u32): void {}
export function proxy_on_request_headers(contextId: u32, headers: u32, endOfStream: bool): u32 {
  return CONTINUE;
}
export function proxy_on_request_body(contextId: u32, size: u32, endOfStream: bool): u32 {
  return CONTINUE;
}
export function proxy_on_request_trailers(contextId: u32, trailers: u32): u32 {
  return CONTINUE;
}
export function proxy_on_response_headers(contextId: u32, headers: u32, endOfStream: bool): u32 {
  return CONTINUE;
}
export function proxy_on_response_body(contextId: u32, size: u32, endOfStream: bool): u32 {
  return CONTINUE;
}
export function proxy_on_response_trailers(contextId: u32, trailers: u32): u32 {
  return CONTINUE;
}
export function proxy_on_log(contextId: u32): void {}
export function proxy_on_done(contextId: u32): bool {
  return true;
}
export function proxy_on_delete(contextId: u32): void {}
