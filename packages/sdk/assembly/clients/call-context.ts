// The HttpContext a client call's callback will receive: the running request (with its facts
// cached now, as the callback may run after Envoy released the request headers), or for calls
// made outside a request (tick, configure) a stand-in with id 0, which is never a stream.
import { HttpContext } from "../wrapper/http-context";
import { runningHttpContext } from "../wrapper/running";

let detached: HttpContext | null = null;

export function contextForCall(): HttpContext {
  const ctx = runningHttpContext();
  if (ctx !== null) {
    ctx.cacheRequestFacts();
    return ctx;
  }
  let d = detached;
  if (d === null) detached = d = new HttpContext(0);
  return d;
}
