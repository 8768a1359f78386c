// Metrics (Envoy stats, shown with the `wasmcustom.` prefix). Define them once (in parseConfig
// or at first use), keep the object, and update it per request.
//
//   const requests = proxywasm.defineCounterMetric("my_plugin_requests_total");
//   requests.increment(1);
import { proxy_define_metric, proxy_get_metric, proxy_increment_metric, proxy_record_metric } from "../abi/imports";
import { MetricType, WasmResult } from "../abi/enums";
import { RETURN_EXTRA, utf8 } from "../abi/memory";

export class Metric {
  /** Ok if the host defined the metric; every operation on a failed one returns this result. */
  readonly result: WasmResult;
  readonly id: u32;

  constructor(
    type: MetricType,
    readonly name: string,
  ) {
    const n = utf8(name);
    store<u32>(RETURN_EXTRA, 0);
    this.result = <WasmResult>proxy_define_metric(type, changetype<usize>(n), n.byteLength, RETURN_EXTRA);
    this.id = load<u32>(RETURN_EXTRA);
  }

  /** The current value (0 if it cannot be read). */
  value(): u64 {
    if (this.result != WasmResult.Ok) return 0;
    store<u64>(RETURN_EXTRA, 0);
    if (proxy_get_metric(this.id, RETURN_EXTRA) != WasmResult.Ok) return 0;
    return load<u64>(RETURN_EXTRA);
  }
}

export class MetricCounter extends Metric {
  constructor(name: string) {
    super(MetricType.Counter, name);
  }
  /** Adds `offset` (> 0; Envoy refuses 0). */
  increment(offset: u64 = 1): WasmResult {
    return this.result != WasmResult.Ok ? this.result : <WasmResult>proxy_increment_metric(this.id, <i64>offset);
  }
}

export class MetricGauge extends Metric {
  constructor(name: string) {
    super(MetricType.Gauge, name);
  }
  /** Adds `offset`, which may be negative. */
  add(offset: i64): WasmResult {
    return this.result != WasmResult.Ok ? this.result : <WasmResult>proxy_increment_metric(this.id, offset);
  }
  /** Sets the gauge to `value`. */
  set(value: u64): WasmResult {
    return this.result != WasmResult.Ok ? this.result : <WasmResult>proxy_record_metric(this.id, value);
  }
}

export class MetricHistogram extends Metric {
  constructor(name: string) {
    super(MetricType.Histogram, name);
  }
  /** Records one observation. */
  record(value: u64): WasmResult {
    return this.result != WasmResult.Ok ? this.result : <WasmResult>proxy_record_metric(this.id, value);
  }
}

export function defineCounterMetric(name: string): MetricCounter {
  return new MetricCounter(name);
}
export function defineGaugeMetric(name: string): MetricGauge {
  return new MetricGauge(name);
}
export function defineHistogramMetric(name: string): MetricHistogram {
  return new MetricHistogram(name);
}
