// redis-ratelimit: the seed's Redis throttling plugin, production-grade. Each request counts in
// its window in Redis (one atomic EVAL that also sets the TTL); over `qpm` the client gets
// 429 `Too many requests`. Works on Higress's gateway only (it calls Redis).
export * from "@gatewasm/sdk/assembly/exports";
import {
  CallError,
  CallErrorKind,
  HeaderAction,
  HttpContext,
  Log,
  RespValue,
  parseOverrideConfigBy,
  processRequestHeadersBy,
  processResponseHeadersBy,
  proxywasm,
  setCtx,
  types,
} from "@gatewasm/sdk";
import { RateLimitConfig, parseConfig, parseRuleConfig } from "./config";
import { LimitKind } from "./limit-by";
import { Outcome, countOutcome } from "./metrics";
import { writeRateLimitHeaders } from "./rate-limit-headers";
import { describeFailure } from "./redis-failure";
import { WINDOW_SCRIPT, WindowCount, readWindowCount } from "./window-script";

/** The request's WindowCount, once Redis answered. */
const WINDOW = "window";

function onHttpRequestHeaders(ctx: HttpContext, config: RateLimitConfig, log: Log): HeaderAction {
  // A global limit has one key: no key to build per request.
  const keys =
    config.limitBy.kind == LimitKind.Global ? config.globalKeys : [config.keyBase + config.limitBy.subject(ctx)];
  const err = config.client.eval(WINDOW_SCRIPT, 1, keys, config.windowArgs, onWindowCount);
  if (err !== null) return applyFailurePolicy(config, err, log, false);
  // Hold the request until Redis answers; onWindowCount resumes or rejects it.
  return types.HeaderStopAllIterationAndWatermark;
}

function onWindowCount(ctx: HttpContext, config: RateLimitConfig, response: RespValue, log: Log): void {
  let err = response.error();
  const window = err === null ? readWindowCount(response, config.windowSeconds) : null;
  if (err === null && window === null) {
    err = new CallError(
      CallErrorKind.MalformedReply,
      "the window script must answer three integers {count, windowStart, secondsToReset}",
    );
  }
  if (err !== null || window === null) {
    applyFailurePolicy(config, err!, log, true);
    return;
  }
  ctx.setContext<WindowCount>(WINDOW, window);
  if (window.count > config.qpm) {
    countOutcome(Outcome.Rejected);
    // The headers (timeStamp, callTimeLeft: 0, …) are added by onHttpResponseHeaders, which Envoy
    // runs on this reply too.
    proxywasm.sendHttpResponseWithDetail(429, "redis_ratelimit_rejected", null, "Too many requests\n", -1);
  } else {
    countOutcome(Outcome.Allowed);
    proxywasm.resumeHttpRequest();
  }
}

/** Redis could not count this request: let it through (fail-open) or answer 503 (fail-closed). */
function applyFailurePolicy(config: RateLimitConfig, err: CallError, log: Log, paused: bool): HeaderAction {
  countOutcome(Outcome.RedisFailed);
  const what = describeFailure(err, config.client.cluster.clusterName());
  if (config.failClosed) {
    log.error(what + "; answered 503 (failurePolicy fail-closed)");
    proxywasm.sendHttpResponseWithDetail(503, "redis_ratelimit_unavailable", null, "rate limit unavailable\n", -1);
    return types.HeaderStopAllIterationAndWatermark;
  }
  log.error(what + "; request allowed (failurePolicy fail-open)");
  if (paused) proxywasm.resumeHttpRequest();
  return types.HeaderContinue;
}

function onHttpResponseHeaders(ctx: HttpContext, config: RateLimitConfig, log: Log): HeaderAction {
  const window = ctx.getContext<WindowCount>(WINDOW);
  if (window !== null) writeRateLimitHeaders(config, window);
  return types.HeaderContinue;
}

setCtx<RateLimitConfig>("redis-ratelimit", [
  parseOverrideConfigBy<RateLimitConfig>(parseConfig, parseRuleConfig),
  processRequestHeadersBy<RateLimitConfig>(onHttpRequestHeaders),
  processResponseHeadersBy<RateLimitConfig>(onHttpResponseHeaders),
]);
