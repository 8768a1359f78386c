// Hooks the wrapper's streams call on every request for Higress features most plugins never
// use (execution phases, VM rebuild checks, route calls, paused streaming responses). Each is a
// FunctionRef in Registered (state/runtime-state.ts) that only the feature's own code sets (when
// first used); while it stays 0 the optimizer removes the call, and since the feature's code
// (and its strings) is reached only through that setter, a plugin that does not use the feature
// carries none of it. This file imports only the runtime state on purpose, so it never pulls
// feature code in. The calls go through call_indirect with the function's table index (the
// first field of an AssemblyScript function object): a typed function call would register its
// function type, which costs runtime type info in every plugin even after the call is optimized
// away.
import {
  PausedHookFn,
  PhaseHookFn,
  RebuildHookFn,
  Registered,
  RouteBodyHookFn,
  RouteHeadersHookFn,
  Running,
} from "../state/runtime-state";

export function setPhaseHook(fn: PhaseHookFn): void {
  Registered.phaseHook = changetype<usize>(fn);
}
export function setRebuildHook(fn: RebuildHookFn): void {
  Registered.rebuildHook = changetype<usize>(fn);
}
export function setRouteCallHooks(headers: RouteHeadersHookFn, body: RouteBodyHookFn): void {
  Registered.routeHeadersHook = changetype<usize>(headers);
  Registered.routeBodyHook = changetype<usize>(body);
}
export function setPausedHook(fn: PausedHookFn): void {
  Registered.pausedHook = changetype<usize>(fn);
}

/**
 * `stream` enters `phase`. The stream and phase are read only by getExecutionPhase: in other
 * plugins the optimizer removes these writes (fields nobody reads).
 */
export function enterPhase(stream: usize, phase: i32): void {
  Running.phaseStream = stream;
  Running.phase = phase;
  const h = Registered.phaseHook;
  if (h != 0) call_indirect<void>(load<u32>(h), stream, phase);
}

/** The phase `stream` entered if its callback ran last; -1 otherwise. */
export function lastEnteredPhase(stream: usize): i32 {
  return Running.phaseStream == stream ? Running.phase : -1;
}

/** Counts a request for the VM-rebuild options. */
export function checkRebuild(): void {
  const h = Registered.rebuildHook;
  if (h != 0) call_indirect<void>(load<u32>(h));
}

/** The action for response headers of a stream with a route call in flight; -1 if none. */
export function routeCallResponseHeaders(stream: usize, endOfStream: bool): i32 {
  const h = Registered.routeHeadersHook;
  return h != 0 ? call_indirect<i32>(load<u32>(h), stream, endOfStream) : -1;
}

/** The action for a response body chunk of a stream with a route call in flight; -1 if none. */
export function routeCallResponseBody(stream: usize, bodySize: usize, endOfStream: bool): i32 {
  const h = Registered.routeBodyHook;
  return h != 0 ? call_indirect<i32>(load<u32>(h), stream, bodySize, endOfStream) : -1;
}

/** True if the plugin asked to pause `stream`'s streaming response. */
export function streamingResponsePaused(stream: usize): bool {
  const h = Registered.pausedHook;
  return h != 0 && call_indirect<bool>(load<u32>(h), stream);
}
