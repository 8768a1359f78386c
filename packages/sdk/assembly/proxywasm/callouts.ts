// Asynchronous calls (http_call, Higress redis_call) and their answers.
//
// Envoy delivers every answer to the *root* context, identified only by the token the call
// returned. Before running a plugin's callback we make the request that made the call the
// effective context again (`proxy_set_effective_context`), so proxywasm.* calls in the callback
// act on that request. If the request is gone (client hung up), Envoy answers BadArgument and
// the callback is dropped: there is nothing left to act on.
//
// In a plugin that makes no calls the delivery code is optimized away (see `calloutsUsed`).
import { proxy_set_effective_context } from "../abi/imports";
import { WasmResult } from "../abi/enums";
import { Running, enterCallback } from "../state/runtime-state";

/** One outstanding call. Subclasses hold whatever the callback needs (AssemblyScript has no closures). */
export abstract class Callout {
  /** The context that made the call; its id becomes the effective context again on delivery. */
  contextId: u32 = 0;
  /** The host's token for the call, and the next outstanding call (./callouts.ts keeps them in a list). */
  token: u32 = 0;
  next: Callout | null = null;
  onHttpCallResponse(numHeaders: u32, bodySize: usize, numTrailers: u32): void {}
  onRedisCallResponse(status: i32, responseSize: usize): void {}
}

// Outstanding calls, oldest first, linked through the callouts themselves: no table code in
// every plugin that makes calls (a std Map<u32, Callout> cost about 1.5 KB). Answers mostly
// come back in the order the calls went out, so the search usually stops at the first one.
let oldest: Callout | null = null;
let newest: Callout | null = null;
// Written only by registerCallout: in a plugin that makes no calls it stays false, and the
// delivery code below is optimized away with it.
let calloutsUsed = false;

/** Remembers `callout` under `token`, bound to the context whose callback is running. */
export function registerCallout(token: u32, callout: Callout): void {
  calloutsUsed = true;
  callout.contextId = Running.contextId;
  callout.token = token;
  callout.next = null;
  const last = newest;
  if (last !== null) last.next = callout;
  else oldest = callout;
  newest = callout;
}

/** Removes the call behind `token` from the outstanding ones; null if there is none. */
function take(token: u32): Callout | null {
  let before: Callout | null = null;
  let c = oldest;
  while (c !== null && c.token != token) {
    before = c;
    c = c.next;
  }
  if (c === null) return null;
  const after = c.next;
  if (before !== null) before.next = after;
  else oldest = after;
  if (newest === c) newest = before;
  c.next = null;
  return c;
}

/** Takes the call behind `token` and restores its context; null if unknown or its request is gone. */
function enter(rootId: u32, token: u32): Callout | null {
  const c = take(token);
  if (c === null) return null;
  const id = c.contextId;
  if (id != 0 && id != rootId) {
    // The request is gone (client hung up): nothing is left to act on.
    if (proxy_set_effective_context(id) != WasmResult.Ok) return null;
    enterCallback(id);
  }
  return c;
}

/** Runs the callback of the http call behind `token` on the request that made it. */
export function deliverHttpCallResponse(
  rootId: u32,
  token: u32,
  numHeaders: u32,
  bodySize: usize,
  numTrailers: u32,
): void {
  if (!calloutsUsed) return;
  const c = enter(rootId, token);
  if (c !== null) c.onHttpCallResponse(numHeaders, bodySize, numTrailers);
}

/** Runs the callback of the Redis call behind `token` on the request that made it. */
export function deliverRedisCallResponse(rootId: u32, token: u32, status: i32, responseSize: usize): void {
  if (!calloutsUsed) return;
  const c = enter(rootId, token);
  if (c !== null) c.onRedisCallResponse(status, responseSize);
}
