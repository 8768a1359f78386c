// Counters (Envoy shows them as `wasmcustom.redis_ratelimit_*`): requests allowed, rejected
// with 429, and decided by the failure policy because Redis could not count them.
// Defined at first use: a host call at module start (_initialize) is not allowed.
import { proxywasm } from "@gatewasm/sdk";

export const enum Outcome {
  Allowed = 0,
  Rejected = 1,
  RedisFailed = 2,
}

const NAMES = ["redis_ratelimit_allowed", "redis_ratelimit_rejected", "redis_ratelimit_redis_failed"];
const counters: proxywasm.MetricCounter[] = [];

export function countOutcome(outcome: Outcome): void {
  if (counters.length == 0)
    for (let i = 0; i < NAMES.length; i++) counters.push(proxywasm.defineCounterMetric(NAMES[i]));
  counters[outcome].increment(1);
}
