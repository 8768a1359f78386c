// The headers that tell a client where it stands, each set switchable in the config:
// - the seed's `timeStamp` (window start, unix seconds) and `callTimeLeft` (0 once rejected);
// - IETF draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy: "rule";q=5;w=60` and
//   `RateLimit: "rule";r=2;t=41` (the policy name is the rule name, a valid sf-string);
// - the older, widely used `X-RateLimit-Limit` / `-Remaining` / `-Reset` (seconds to reset).
import { proxywasm } from "@gatewasm/sdk";
import { RateLimitConfig } from "./config";
import { WindowCount } from "./window-script";

/**
 * Sets the headers on the response being sent: the upstream's, or the plugin's own 429 (Envoy
 * runs the plugin's response callbacks on its local replies). Replace, not add: one value per
 * header, also over an upstream's own rate-limit headers.
 */
export function writeRateLimitHeaders(config: RateLimitConfig, window: WindowCount): void {
  const rejected = window.count > config.qpm;
  const remaining = rejected ? "0" : window.remaining(config.qpm).toString();
  const reset = window.resetSeconds.toString();
  if (config.seedHeaders) {
    set("timeStamp", window.windowStart.toString());
    set("callTimeLeft", remaining);
  }
  if (config.rateLimitHeaders) {
    set("RateLimit-Policy", config.policyValue);
    set("RateLimit", config.rateLimitPrefix + remaining + ";t=" + reset);
  }
  if (config.xRateLimitHeaders) {
    set("X-RateLimit-Limit", config.limitText);
    set("X-RateLimit-Remaining", remaining);
    set("X-RateLimit-Reset", reset);
  }
  // RFC 9110: when to retry; every client understands it, whatever the header switches say.
  if (rejected) set("Retry-After", reset);
}

function set(name: string, value: string): void {
  proxywasm.replaceHttpResponseHeader(name, value);
}
