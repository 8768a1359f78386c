// Every callback Envoy may call, plus the ABI marker and the allocator. A plugin's entry file
// re-exports this module with one line:
//
//   export * from "@gatewasm/sdk/assembly/exports";
//
// Each export enters the callback (enterContext / enterCallback: state/runtime-state.ts records
// the running context and expires the cached log level), finds the context object and
// forwards; the behaviour lives in the contexts.
// Each then decides whether to collect garbage (runtime/collect.ts): here, after the callback
// has returned, no managed object is held by a wasm local alone, so a collection is safe.
// The `--use` targets of asconfig.base.json must be compiled in.
import "./runtime/abort";
import "./runtime/trace";
import "./runtime/seed";
import "./runtime/host-date";
import { collectAtStreamEnd, collectGarbage, collectIfGrown } from "./runtime/collect";
import { enterContext, createContext, forget } from "./context/registry";
import { hookConfigure, hookTick } from "./context/root-hook";
import { deliverHttpCallResponse, deliverRedisCallResponse } from "./proxywasm/callouts";
import { enterCallback } from "./state/runtime-state";

export { malloc } from "./abi/memory";

/** ABI marker: Envoy takes the first `proxy_abi_version_*` export. */
export function proxy_abi_version_0_2_1(): void {}

export function proxy_on_context_create(contextId: u32, parentContextId: u32): void {
  createContext(contextId, parentContextId);
  collectIfGrown();
}

export function proxy_on_vm_start(rootId: u32, vmConfigurationSize: usize): bool {
  const context = enterContext(rootId);
  const ok = context !== null ? context.onVmStart(vmConfigurationSize) : true;
  collectGarbage();
  return ok;
}

// The root hook (wrapper config, rules, ticks) gets the id rather than the context: it looks the
// context up itself, so this export holds no managed local across the two calls.
// Parsing leaves the most garbage of any callback and what stays live is the configuration:
// collected every time.
export function proxy_on_configure(rootId: u32, pluginConfigurationSize: usize): bool {
  const context = enterContext(rootId);
  const ok =
    (context === null || context.onConfigure(pluginConfigurationSize)) &&
    hookConfigure(rootId, pluginConfigurationSize);
  collectGarbage();
  return ok;
}

export function proxy_on_tick(rootId: u32): void {
  const context = enterContext(rootId);
  if (context !== null) context.onTick();
  hookTick(rootId);
  collectIfGrown();
}

export function proxy_on_queue_ready(rootId: u32, queueId: u32): void {
  const context = enterContext(rootId);
  if (context !== null) context.onQueueReady(queueId);
  collectIfGrown();
}

export function proxy_on_foreign_function(rootId: u32, functionId: u32, argumentsSize: usize): void {
  const context = enterContext(rootId);
  if (context !== null) context.onForeignFunction(functionId, argumentsSize);
  collectIfGrown();
}

/**
 * Envoy answers every http_call on the root; the callout table finds the call by token and runs
 * its callback on the request that made it (proxywasm/callouts.ts).
 */
export function proxy_on_http_call_response(
  rootId: u32,
  token: u32,
  numHeaders: u32,
  bodySize: usize,
  numTrailers: u32,
): void {
  enterCallback(rootId);
  deliverHttpCallResponse(rootId, token, numHeaders, bodySize, numTrailers);
  collectIfGrown();
}

/** Higress only (stock Envoy never calls it): the answer to a proxy_redis_call. */
export function proxy_on_redis_call_response(rootId: u32, token: u32, status: i32, responseSize: usize): void {
  enterCallback(rootId);
  deliverRedisCallResponse(rootId, token, status, responseSize);
  collectIfGrown();
}

export function proxy_on_request_headers(contextId: u32, numHeaders: u32, endOfStream: bool): u32 {
  const context = enterContext(contextId);
  const action = context !== null ? context.onRequestHeaders(numHeaders, endOfStream) : 0;
  collectIfGrown();
  return action;
}

export function proxy_on_request_body(contextId: u32, bodySize: usize, endOfStream: bool): u32 {
  const context = enterContext(contextId);
  const action = context !== null ? context.onRequestBody(bodySize, endOfStream) : 0;
  collectIfGrown();
  return action;
}

export function proxy_on_request_trailers(contextId: u32, numTrailers: u32): u32 {
  const context = enterContext(contextId);
  const action = context !== null ? context.onRequestTrailers(numTrailers) : 0;
  collectIfGrown();
  return action;
}

export function proxy_on_response_headers(contextId: u32, numHeaders: u32, endOfStream: bool): u32 {
  const context = enterContext(contextId);
  const action = context !== null ? context.onResponseHeaders(numHeaders, endOfStream) : 0;
  collectIfGrown();
  return action;
}

export function proxy_on_response_body(contextId: u32, bodySize: usize, endOfStream: bool): u32 {
  const context = enterContext(contextId);
  const action = context !== null ? context.onResponseBody(bodySize, endOfStream) : 0;
  collectIfGrown();
  return action;
}

export function proxy_on_response_trailers(contextId: u32, numTrailers: u32): u32 {
  const context = enterContext(contextId);
  const action = context !== null ? context.onResponseTrailers(numTrailers) : 0;
  collectIfGrown();
  return action;
}

export function proxy_on_log(contextId: u32): void {
  const context = enterContext(contextId);
  if (context !== null) context.onLog();
  collectIfGrown();
}

/** Envoy ignores the result for streams; a root may answer false and call `proxy_done` later. */
export function proxy_on_done(contextId: u32): bool {
  const context = enterContext(contextId);
  const done = context !== null ? context.onDone() : true;
  collectIfGrown();
  return done;
}

/** The end of a stream (or of a root): what it made is garbage now. */
export function proxy_on_delete(contextId: u32): void {
  const context = enterContext(contextId);
  if (context !== null) context.onDelete();
  forget(contextId);
  collectAtStreamEnd();
}
