// Asynchronous calls (http_call, Higress redis_call) and their answers.
//
// Envoy delivers every answer to the *root* context, identified only by the token the call
// returned. Before running a plugin's callback we make the request that made the call the
// effective context again (`proxy_set_effective_context`), so proxywasm.* calls in the callback
// act on that request. If the request is gone (client hung up), Envoy answers BadArgument and
// the callback is dropped: there is nothing left to act on.
//
// The table exists only in plugins that make calls: the core reaches it through `sink`, which
// stays null (and is optimized away) unless `registerCallout` is compiled in.
import { proxy_set_effective_context } from "../abi/imports";
import { WasmResult } from "../abi/enums";

/** The context whose callback is running (set on every callback entry by the context layer). */
let runningContextId: u32 = 0;

export function setRunningContextId(id: u32): void { runningContextId = id; }
export function getRunningContextId(): u32 { return runningContextId; }

/** One outstanding call. Subclasses hold whatever the callback needs (AssemblyScript has no closures). */
export abstract class Callout {
  /** The context that made the call; its id becomes the effective context again on delivery. */
  contextId: u32 = 0;
  onHttpCallResponse(numHeaders: u32, bodySize: usize, numTrailers: u32): void {}
  onRedisCallResponse(status: i32, responseSize: usize): void {}
}

abstract class CalloutSink {
  abstract put(token: u32, callout: Callout): void;
  abstract get size(): i32;
  abstract deliverHttp(rootId: u32, token: u32, numHeaders: u32, bodySize: usize, numTrailers: u32): void;
  abstract deliverRedis(rootId: u32, token: u32, status: i32, responseSize: usize): void;
}

class CalloutTable extends CalloutSink {
  private readonly byToken: Map<u32, Callout> = new Map<u32, Callout>();

  put(token: u32, callout: Callout): void { this.byToken.set(token, callout); }
  get size(): i32 { return this.byToken.size; }

  /** Takes the call behind `token` and restores its context; null if unknown or its request is gone. */
  private enter(rootId: u32, token: u32): Callout | null {
    if (!this.byToken.has(token)) return null;
    const c = this.byToken.get(token);
    this.byToken.delete(token);
    const id = c.contextId;
    if (id != 0 && id != rootId) {
      // The request is gone (client hung up): nothing is left to act on.
      if (proxy_set_effective_context(id) != WasmResult.Ok) return null;
      runningContextId = id;
    }
    return c;
  }

  deliverHttp(rootId: u32, token: u32, numHeaders: u32, bodySize: usize, numTrailers: u32): void {
    const c = this.enter(rootId, token);
    if (c !== null) c.onHttpCallResponse(numHeaders, bodySize, numTrailers);
  }

  deliverRedis(rootId: u32, token: u32, status: i32, responseSize: usize): void {
    const c = this.enter(rootId, token);
    if (c !== null) c.onRedisCallResponse(status, responseSize);
  }
}

// Null (and optimized away) unless the plugin makes calls: the table's code is compiled only
// through registerCallout.
let sink: CalloutSink | null = null;

/** Remembers `callout` under `token`, bound to the context whose callback is running. */
export function registerCallout(token: u32, callout: Callout): void {
  let s = sink;
  if (s === null) sink = s = new CalloutTable();
  callout.contextId = runningContextId;
  s.put(token, callout);
}

/** Calls still waiting for an answer. */
export function pendingCallouts(): i32 {
  const s = sink;
  return s !== null ? s.size : 0;
}

/** Runs the callback of the http call behind `token` on the request that made it. */
export function deliverHttpCallResponse(rootId: u32, token: u32, numHeaders: u32, bodySize: usize, numTrailers: u32): void {
  const s = sink;
  if (s !== null) s.deliverHttp(rootId, token, numHeaders, bodySize, numTrailers);
}

/** Runs the callback of the Redis call behind `token` on the request that made it. */
export function deliverRedisCallResponse(rootId: u32, token: u32, status: i32, responseSize: usize): void {
  const s = sink;
  if (s !== null) s.deliverRedis(rootId, token, status, responseSize);
}
