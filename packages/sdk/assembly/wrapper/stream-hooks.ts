// Hooks the wrapper's streams call on every request for Higress features most plugins never
// use (execution phases, VM rebuild checks, route calls, paused streaming responses). Each is a
// function-table index that only the feature's own code sets (when first used); while it stays
// 0 the optimizer removes the call, and since the feature's code (and its strings) is reached
// only through that setter, a plugin that does not use the feature carries none of it. This file
// imports nothing on purpose, so it never pulls feature code in. The calls go through
// call_indirect with the function's table index (the first field of an AssemblyScript function
// object): a typed function call would register its function type, which costs runtime type
// info in every plugin even after the call is optimized away.

// The streams pass their own address (not their id: reading a field would stay in the code
// even when the call is removed; nor a typed reference, which costs a shadow-stack slot).
type PhaseFn = (stream: usize, phase: i32) => void;
type VoidFn = () => void;
type HeadersHookFn = (stream: usize, endOfStream: bool) => i32;
type BodyHookFn = (stream: usize, bodySize: usize, endOfStream: bool) => i32;
type PausedFn = (stream: usize) => bool;

let phaseHook: usize = 0;
let rebuildHook: usize = 0;
let routeHeadersHook: usize = 0;
let routeBodyHook: usize = 0;
let pausedHook: usize = 0;

export function setPhaseHook(fn: PhaseFn): void { phaseHook = changetype<usize>(fn); }
export function setRebuildHook(fn: VoidFn): void { rebuildHook = changetype<usize>(fn); }
export function setRouteCallHooks(headers: HeadersHookFn, body: BodyHookFn): void {
  routeHeadersHook = changetype<usize>(headers);
  routeBodyHook = changetype<usize>(body);
}
export function setPausedHook(fn: PausedFn): void { pausedHook = changetype<usize>(fn); }

// The stream whose callback ran last and its phase. Read only by getExecutionPhase: in other
// plugins the optimizer removes these writes (globals nobody reads).
let lastStream: usize = 0;
let lastPhase: i32 = 0;

/** `stream` enters `phase`. */
export function enterPhase(stream: usize, phase: i32): void {
  lastStream = stream;
  lastPhase = phase;
  const h = phaseHook;
  if (h != 0) call_indirect<void>(load<u32>(h), stream, phase);
}

/** The phase `stream` entered if its callback ran last; -1 otherwise. */
export function lastEnteredPhase(stream: usize): i32 { return lastStream == stream ? lastPhase : -1; }

/** Counts a request for the VM-rebuild options. */
export function checkRebuild(): void {
  const h = rebuildHook;
  if (h != 0) call_indirect<void>(load<u32>(h));
}

/** The action for response headers of a stream with a route call in flight; -1 if none. */
export function routeCallResponseHeaders(stream: usize, endOfStream: bool): i32 {
  const h = routeHeadersHook;
  return h != 0 ? call_indirect<i32>(load<u32>(h), stream, endOfStream) : -1;
}

/** The action for a response body chunk of a stream with a route call in flight; -1 if none. */
export function routeCallResponseBody(stream: usize, bodySize: usize, endOfStream: bool): i32 {
  const h = routeBodyHook;
  return h != 0 ? call_indirect<i32>(load<u32>(h), stream, bodySize, endOfStream) : -1;
}

/** True if the plugin asked to pause `stream`'s streaming response. */
export function streamingResponsePaused(stream: usize): bool {
  const h = pausedHook;
  return h != 0 && call_indirect<bool>(load<u32>(h), stream);
}
