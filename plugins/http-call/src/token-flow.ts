// The request-headers phase and the token service's answer. The seed's flow: call the service,
// pause the request, copy the answer's `tokenHeader` into the request and resume. What is
// added: a client may not bring its own token (the header is removed first), a cached token
// skips the call, and every failure of the call follows `failurePolicy`.
import { HeaderAction, Headers, HttpContext, Log, LogLevel, proxywasm, types } from "@gatewasm/sdk";
import { HttpCallConfig } from "./config";
import { Outcome, describe, detailsOf, outcomeOf } from "./call-outcome";
import { metrics } from "./metrics";

export function onHttpRequestHeaders(ctx: HttpContext, config: HttpCallConfig, log: Log): HeaderAction {
  // The upstream trusts this header: only the token service may set it.
  proxywasm.removeHttpRequestHeader(config.tokenHeader);

  const cached = config.cache.lookup(proxywasm.getCurrentTimeMilliseconds());
  if (cached !== null) {
    metrics().cacheHits.increment();
    proxywasm.addHttpRequestHeader(config.tokenHeader, cached);
    return types.HeaderContinue;
  }

  const client = config.client;
  if (client === null) return types.HeaderContinue; // not reached: a parsed config has a client
  const err = client.call<ArrayBuffer | null>(
    config.method,
    config.requestPath,
    forwardedHeaders(config),
    null,
    onTokenResponse,
    <u32>config.timeoutMs,
  );
  if (err !== null) {
    // The seed: a call that cannot be sent (no such cluster) lets the request continue.
    metrics().failures.increment();
    log.error("Error occurred while calling http, it seems the service cluster cannot be found: " + err.message);
    return types.HeaderContinue;
  }
  metrics().calls.increment();
  // Wait for the answer; onTokenResponse resumes or answers the request.
  return types.HeaderStopAllIterationAndWatermark;
}

function onTokenResponse(
  ctx: HttpContext,
  config: HttpCallConfig,
  status: i32,
  headers: Headers,
  body: ArrayBuffer,
  log: Log,
): void {
  let outcome = outcomeOf(status, headers, body);
  if (outcome == Outcome.Ok) {
    const token = headers.get(config.tokenHeader);
    if (token === null || token.length == 0) {
      // The seed passes such a request on without a token; say so, since the upstream may refuse it.
      log.warn("token service answered 200 without " + config.tokenHeader + "; the request continues without a token");
      proxywasm.resumeHttpRequest();
      return;
    }
    if (proxywasm.isValidHeaderValue(token)) {
      if (log.enabled(LogLevel.Debug)) log.debug("token service answered 200; " + config.tokenHeader + " added");
      config.cache.store(token, proxywasm.getCurrentTimeMilliseconds(), config.cacheTtlMs);
      proxywasm.addHttpRequestHeader(config.tokenHeader, token);
      proxywasm.resumeHttpRequest();
      return;
    }
    outcome = Outcome.InvalidToken;
  }

  metrics().failures.increment();
  const what = describe(outcome, status, config.timeoutMs);
  if (config.failOpen) {
    log.warn("http call failed, " + what + "; fail-open: the request continues without " + config.tokenHeader);
    proxywasm.resumeHttpRequest();
  } else {
    log.error("http call failed, " + what);
    proxywasm.sendHttpResponseWithDetail(500, detailsOf(outcome), null, "http call failed", -1);
  }
}

/** The configured request headers, copied from the request into the call (absent ones left out). */
function forwardedHeaders(config: HttpCallConfig): Array<string[]> | null {
  const names = config.forwardHeaders;
  if (names.length == 0) return null;
  const out = new Array<string[]>();
  for (let i = 0; i < names.length; i++) {
    const name = unchecked(names[i]);
    const value = proxywasm.getHttpRequestHeader(name);
    if (value !== null) out.push([name, value]);
  }
  return out;
}
