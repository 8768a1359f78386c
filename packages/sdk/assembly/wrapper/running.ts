// The request whose code is running: the stream of the current callback, or, inside an
// HttpClient/RedisClient callback, the request that made the call (the callout layer restores
// it). Null during root callbacks (configure, tick).
import { getRunningContextId } from "../proxywasm/callouts";
import { tableGet } from "../context/context-table";
import { HttpContext } from "./http-context";

export function runningHttpContext(): HttpContext | null {
  const c = tableGet(getRunningContextId());
  return c instanceof HttpContext ? changetype<HttpContext>(c) : null;
}

// The config of code running outside a request (a tick function, parseConfig), so an HttpClient
// or RedisClient call made there can hand it to its callback.
let config: Object | null = null;

export function setRunningConfig(c: Object | null): void { config = c; }

/** The running request's matched config, else the config of the running tick/parse function. */
export function runningConfig(): Object | null {
  const ctx = runningHttpContext();
  return ctx !== null ? ctx.matchedConfig : config;
}
