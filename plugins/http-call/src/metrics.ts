// The plugin's counters, per VM (Envoy adds them up across workers and shows them with the
// `wasmcustom.` prefix). Defined when the configuration is read, so they exist at 0 before the
// first request.
//
//   metrics().cacheHits.increment();
import { proxywasm } from "@gatewasm/sdk";

class PluginMetrics {
  /** Calls dispatched to the token service. */
  readonly calls: proxywasm.MetricCounter = proxywasm.defineCounterMetric("http_call_calls_total");
  /** Requests that got no token because of an error: dispatch failure, non-200, timeout, connection failure, reset, invalid token. */
  readonly failures: proxywasm.MetricCounter = proxywasm.defineCounterMetric("http_call_failures_total");
  /** Requests served from the token cache without a call. */
  readonly cacheHits: proxywasm.MetricCounter = proxywasm.defineCounterMetric("http_call_cache_hits_total");
}

let defined: PluginMetrics | null = null;

export function metrics(): PluginMetrics {
  let m = defined;
  if (m === null) defined = m = new PluginMetrics();
  return m;
}
