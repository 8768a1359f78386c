// The request whose code is running: the stream of the current callback, or, inside an
// HttpClient/RedisClient callback, the request that made the call (the callout layer restores
// it). Null during root callbacks (configure, tick). Both read state/runtime-state.ts.
import { tableGet } from "../context/context-table";
import { Running } from "../state/runtime-state";
import { HttpContext } from "./http-context";

export function runningHttpContext(): HttpContext | null {
  const c = tableGet(Running.contextId);
  return c instanceof HttpContext ? changetype<HttpContext>(c) : null;
}

/** The running request's matched config, else the config of the running tick/parse function. */
export function runningConfig(): Object | null {
  const ctx = runningHttpContext();
  return ctx !== null ? ctx.matchedConfig : Running.config;
}
