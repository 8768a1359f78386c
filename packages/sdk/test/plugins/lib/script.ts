// A tiny interpreter for test plugins: the configuration lists, per phase, calls to make as
// ["functionName", arg, …]; each call's result is logged as `functionName -> result` so a test
// can drive any proxywasm function of the SDK through the host and assert its effect.
import {
  BufferType,
  DataAction,
  HeaderAction,
  JsonValue,
  LogLevel,
  MapType,
  MetricType,
  PeerType,
  StreamType,
  TrailerAction,
  WasmResult,
  decodePairs,
  encodePairs,
  proxywasm,
  types,
} from "@gatewasm/sdk";
type MetricCounter = proxywasm.MetricCounter;
type MetricGauge = proxywasm.MetricGauge;
type MetricHistogram = proxywasm.MetricHistogram;
import { showBytes, showPairs, showResult, showText } from "./format";

/** [[name, value], …] from a JSON array of two-string arrays (malformed pairs kept as given). */
export function pairsOf(v: JsonValue): Array<string[]> {
  const out = new Array<string[]>();
  const items = v.array();
  for (let i = 0; i < items.length; i++) out.push(items[i].stringArray());
  return out;
}

/** A body argument: a string, or null for JSON null. */
function bodyOf(v: JsonValue): string | null {
  return v.isNull() ? null : v.string();
}

const counters = new Map<string, MetricCounter>();
const gauges = new Map<string, MetricGauge>();
const histograms = new Map<string, MetricHistogram>();

function counter(name: string): MetricCounter {
  if (!counters.has(name)) counters.set(name, proxywasm.defineCounterMetric(name));
  return counters.get(name);
}
function gauge(name: string): MetricGauge {
  if (!gauges.has(name)) gauges.set(name, proxywasm.defineGaugeMetric(name));
  return gauges.get(name);
}
function histogram(name: string): MetricHistogram {
  if (!histograms.has(name)) histograms.set(name, proxywasm.defineHistogramMetric(name));
  return histograms.get(name);
}

function onCallResponse(numHeaders: u32, bodySize: usize, numTrailers: u32): void {
  proxywasm.logInfo(
    "callback headers=" +
      numHeaders.toString() +
      " body=" +
      bodySize.toString() +
      " trailers=" +
      numTrailers.toString(),
  );
  proxywasm.logInfo("callback getHttpCallResponseHeaders -> " + showPairs(proxywasm.getHttpCallResponseHeaders()));
  proxywasm.logInfo(
    "callback getHttpCallResponseBody -> " + showBytes(proxywasm.getHttpCallResponseBody(0, <u32>bodySize)),
  );
  proxywasm.logInfo("callback getHttpCallResponseTrailers -> " + showPairs(proxywasm.getHttpCallResponseTrailers()));
  proxywasm.addHttpRequestHeader("x-call-status", "answered");
  proxywasm.resumeHttpRequest();
}

/** Runs one step; returns the text logged after `name -> `. */
function step(s: JsonValue): string {
  const name = s.at(0).string();
  const a1 = s.at(1);
  const a2 = s.at(2);
  const a3 = s.at(3);
  // Headers and trailers
  if (name == "getHttpRequestHeaders") return showPairs(proxywasm.getHttpRequestHeaders());
  if (name == "replaceHttpRequestHeaders") return showResult(proxywasm.replaceHttpRequestHeaders(pairsOf(a1)));
  if (name == "getHttpRequestHeader") return showText(proxywasm.getHttpRequestHeader(a1.string()));
  if (name == "removeHttpRequestHeader") return showResult(proxywasm.removeHttpRequestHeader(a1.string()));
  if (name == "replaceHttpRequestHeader")
    return showResult(proxywasm.replaceHttpRequestHeader(a1.string(), a2.string()));
  if (name == "addHttpRequestHeader") return showResult(proxywasm.addHttpRequestHeader(a1.string(), a2.string()));
  if (name == "getHttpResponseHeaders") return showPairs(proxywasm.getHttpResponseHeaders());
  if (name == "replaceHttpResponseHeaders") return showResult(proxywasm.replaceHttpResponseHeaders(pairsOf(a1)));
  if (name == "getHttpResponseHeader") return showText(proxywasm.getHttpResponseHeader(a1.string()));
  if (name == "removeHttpResponseHeader") return showResult(proxywasm.removeHttpResponseHeader(a1.string()));
  if (name == "replaceHttpResponseHeader")
    return showResult(proxywasm.replaceHttpResponseHeader(a1.string(), a2.string()));
  if (name == "addHttpResponseHeader") return showResult(proxywasm.addHttpResponseHeader(a1.string(), a2.string()));
  if (name == "getHttpRequestTrailers") return showPairs(proxywasm.getHttpRequestTrailers());
  if (name == "replaceHttpRequestTrailers") return showResult(proxywasm.replaceHttpRequestTrailers(pairsOf(a1)));
  if (name == "getHttpRequestTrailer") return showText(proxywasm.getHttpRequestTrailer(a1.string()));
  if (name == "removeHttpRequestTrailer") return showResult(proxywasm.removeHttpRequestTrailer(a1.string()));
  if (name == "replaceHttpRequestTrailer")
    return showResult(proxywasm.replaceHttpRequestTrailer(a1.string(), a2.string()));
  if (name == "addHttpRequestTrailer") return showResult(proxywasm.addHttpRequestTrailer(a1.string(), a2.string()));
  if (name == "getHttpResponseTrailers") return showPairs(proxywasm.getHttpResponseTrailers());
  if (name == "replaceHttpResponseTrailers") return showResult(proxywasm.replaceHttpResponseTrailers(pairsOf(a1)));
  if (name == "getHttpResponseTrailer") return showText(proxywasm.getHttpResponseTrailer(a1.string()));
  if (name == "removeHttpResponseTrailer") return showResult(proxywasm.removeHttpResponseTrailer(a1.string()));
  if (name == "replaceHttpResponseTrailer")
    return showResult(proxywasm.replaceHttpResponseTrailer(a1.string(), a2.string()));
  if (name == "addHttpResponseTrailer") return showResult(proxywasm.addHttpResponseTrailer(a1.string(), a2.string()));
  // Bodies
  if (name == "getHttpRequestBody") return showBytes(proxywasm.getHttpRequestBody(<u32>a1.int(), <u32>a2.int()));
  if (name == "appendHttpRequestBody") return showResult(proxywasm.appendHttpRequestBody<string>(a1.string()));
  if (name == "prependHttpRequestBody") return showResult(proxywasm.prependHttpRequestBody<string>(a1.string()));
  if (name == "replaceHttpRequestBody") return showResult(proxywasm.replaceHttpRequestBody<string>(a1.string()));
  if (name == "getHttpResponseBody") return showBytes(proxywasm.getHttpResponseBody(<u32>a1.int(), <u32>a2.int()));
  if (name == "appendHttpResponseBody") return showResult(proxywasm.appendHttpResponseBody<string>(a1.string()));
  if (name == "prependHttpResponseBody") return showResult(proxywasm.prependHttpResponseBody<string>(a1.string()));
  if (name == "replaceHttpResponseBody") return showResult(proxywasm.replaceHttpResponseBody<string>(a1.string()));
  // Local replies and flow
  if (name == "sendHttpResponse") {
    return a2.isNull() || !a2.exists()
      ? showResult(proxywasm.sendHttpResponse(<u32>a1.int(), null, bodyOf(a3), -1))
      : showResult(proxywasm.sendHttpResponse(<u32>a1.int(), pairsOf(a2), bodyOf(a3), <i32>s.at(4).int(-1)));
  }
  if (name == "sendHttpResponseWithDetail") {
    return showResult(
      proxywasm.sendHttpResponseWithDetail(<u32>a1.int(), a2.string(), pairsOf(a3), bodyOf(s.at(4)), -1),
    );
  }
  if (name == "resumeHttpRequest") return showResult(proxywasm.resumeHttpRequest());
  if (name == "resumeHttpResponse") return showResult(proxywasm.resumeHttpResponse());
  if (name == "closeHttpStream") return showResult(proxywasm.closeHttpStream());
  // HTTP calls (raw)
  if (name == "dispatchHttpCall") {
    const r = proxywasm.dispatchHttpCall(
      a1.string(),
      pairsOf(a2),
      bodyOf(a3),
      s.at(4).isNull() ? null : pairsOf(s.at(4)),
      <u32>s.at(5).int(500),
      onCallResponse,
    );
    return showResult(r);
  }
  // Properties
  if (name == "getProperty") return showBytes(proxywasm.getProperty(a1.stringArray()));
  if (name == "getPropertyString") return showText(proxywasm.getPropertyString(a1.stringArray()));
  if (name == "getPropertyInt") return proxywasm.getPropertyInt(a1.stringArray(), -1).toString();
  if (name == "setProperty") return showResult(proxywasm.setProperty<string>(a1.stringArray(), a2.string()));
  // Shared data
  if (name == "getSharedData") {
    const d = proxywasm.getSharedData(a1.string());
    return showResult(d.result) + " " + showText(d.text()) + " cas=" + (d.cas != 0 ? "set" : "0");
  }
  if (name == "setSharedData")
    return showResult(proxywasm.setSharedData<string>(a1.string(), a2.string(), <u32>a3.int(0)));
  if (name == "casSharedData") {
    // Read, then write back with the cas just read (optionally after a competing write).
    const d = proxywasm.getSharedData(a1.string());
    if (a3.bool(false)) proxywasm.setSharedData<string>(a1.string(), "competitor", 0);
    return showResult(proxywasm.setSharedData<string>(a1.string(), a2.string(), d.cas));
  }
  // Metrics
  if (name == "incrementCounter") return showResult(counter(a1.string()).increment(<u64>a2.int(1)));
  if (name == "counterValue") return counter(a1.string()).value().toString();
  if (name == "addGauge") return showResult(gauge(a1.string()).add(a2.int()));
  if (name == "setGauge") return showResult(gauge(a1.string()).set(<u64>a2.int()));
  if (name == "gaugeValue") return gauge(a1.string()).value().toString();
  if (name == "recordHistogram") return showResult(histogram(a1.string()).record(<u64>a2.int()));
  // Time, tick, logs, foreign functions, effective context
  if (name == "getCurrentTimeNanoseconds") return proxywasm.getCurrentTimeNanoseconds().toString();
  if (name == "getCurrentTimeMilliseconds") return proxywasm.getCurrentTimeMilliseconds().toString();
  if (name == "dateNow") return Date.now().toString();
  if (name == "setTickPeriodMilliseconds") return showResult(proxywasm.setTickPeriodMilliseconds(<u32>a1.int()));
  if (name == "logTrace") {
    proxywasm.logTrace(a1.string());
    return "ok";
  }
  if (name == "logDebug") {
    proxywasm.logDebug(a1.string());
    return "ok";
  }
  if (name == "logInfo") {
    proxywasm.logInfo(a1.string());
    return "ok";
  }
  if (name == "logWarn") {
    proxywasm.logWarn(a1.string());
    return "ok";
  }
  if (name == "logError") {
    proxywasm.logError(a1.string());
    return "ok";
  }
  if (name == "logCritical") {
    proxywasm.logCritical(a1.string());
    return "ok";
  }
  if (name == "callForeignFunction") {
    const r = proxywasm.callForeignFunction<string>(a1.string(), a2.string());
    return showResult(r.result) + " " + r.value.byteLength.toString();
  }
  if (name == "setEffectiveContext") return showResult(proxywasm.setEffectiveContext(<u32>a1.int()));
  // Shared queues
  if (name == "registerSharedQueue") {
    const q = proxywasm.registerSharedQueue(a1.string());
    return showResult(q.result) + " id=" + (q.id != 0 ? "set" : "0");
  }
  if (name == "resolveSharedQueue") {
    const q = proxywasm.resolveSharedQueue(a1.string(), a2.string());
    return showResult(q.result) + " id=" + (q.id != 0 ? "set" : "0");
  }
  if (name == "enqueueSharedQueue")
    return showResult(
      proxywasm.enqueueSharedQueue<string>(proxywasm.resolveSharedQueue(a1.string(), a2.string()).id, a3.string()),
    );
  if (name == "dequeueSharedQueue") {
    const item = proxywasm.dequeueSharedQueue(proxywasm.resolveSharedQueue(a1.string(), a2.string()).id);
    return showResult(item.result) + " " + showText(item.text());
  }
  // Configuration buffers, the pairs codec, enum values
  if (name == "getVmConfiguration") return showBytes(proxywasm.getVmConfiguration());
  if (name == "getPluginConfiguration") return showBytes(proxywasm.getPluginConfiguration());
  if (name == "decodeRequestBodyAsPairs") {
    const body = proxywasm.getHttpRequestBody(0, 2 << 20);
    const pairs = body !== null ? decodePairs(body) : null;
    return pairs === null
      ? "null"
      : pairs.length.toString() +
          " " +
          (pairs.length <= 4 ? showPairs(pairs) : "") +
          " reencoded=" +
          encodePairs(pairs).byteLength.toString();
  }
  if (name == "enums") return enumValues();
  if (name == "isValidHeaderName") return proxywasm.isValidHeaderName(a1.string()) ? "true" : "false";
  if (name == "isValidHeaderValue") return proxywasm.isValidHeaderValue(a1.string()) ? "true" : "false";
  return "unknown step " + name;
}

/** Runs every step of `steps` (a JSON array), logging each result. */
export function runSteps(steps: JsonValue, phase: string): void {
  const list = steps.array();
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    proxywasm.logInfo(phase + " " + s.at(0).string() + " -> " + step(s));
  }
}

function enumValues(): string {
  return (
    "LogLevel " +
    [LogLevel.Trace, LogLevel.Debug, LogLevel.Info, LogLevel.Warn, LogLevel.Error, LogLevel.Critical].join(",") +
    "; WasmResult " +
    [
      WasmResult.Ok,
      WasmResult.NotFound,
      WasmResult.BadArgument,
      WasmResult.SerializationFailure,
      WasmResult.ParseFailure,
      WasmResult.BadExpression,
      WasmResult.InvalidMemoryAccess,
      WasmResult.Empty,
      WasmResult.CasMismatch,
      WasmResult.ResultMismatch,
      WasmResult.InternalFailure,
      WasmResult.BrokenConnection,
      WasmResult.Unimplemented,
    ].join(",") +
    "; BufferType " +
    [
      BufferType.HttpRequestBody,
      BufferType.HttpResponseBody,
      BufferType.DownstreamData,
      BufferType.UpstreamData,
      BufferType.HttpCallResponseBody,
      BufferType.GrpcReceiveBuffer,
      BufferType.VmConfiguration,
      BufferType.PluginConfiguration,
      BufferType.CallData,
      BufferType.RedisCallResponse,
    ].join(",") +
    "; MapType " +
    [
      MapType.HttpRequestHeaders,
      MapType.HttpRequestTrailers,
      MapType.HttpResponseHeaders,
      MapType.HttpResponseTrailers,
      MapType.GrpcReceiveInitialMetadata,
      MapType.GrpcReceiveTrailingMetadata,
      MapType.HttpCallResponseHeaders,
      MapType.HttpCallResponseTrailers,
    ].join(",") +
    "; HeaderAction " +
    [
      HeaderAction.Continue,
      HeaderAction.StopIteration,
      HeaderAction.ContinueAndEndStream,
      HeaderAction.StopAllIterationAndBuffer,
      HeaderAction.StopAllIterationAndWatermark,
    ].join(",") +
    "; DataAction " +
    [
      DataAction.Continue,
      DataAction.StopIterationAndBuffer,
      DataAction.StopIterationAndWatermark,
      DataAction.StopIterationNoBuffer,
    ].join(",") +
    "; TrailerAction " +
    [TrailerAction.Continue, TrailerAction.StopIteration].join(",") +
    "; StreamType " +
    [StreamType.HttpRequest, StreamType.HttpResponse, StreamType.Downstream, StreamType.Upstream].join(",") +
    "; PeerType " +
    [PeerType.Unknown, PeerType.Local, PeerType.Remote].join(",") +
    "; MetricType " +
    [MetricType.Counter, MetricType.Gauge, MetricType.Histogram].join(",") +
    "; types " +
    [
      types.HeaderContinue,
      types.HeaderStopIteration,
      types.HeaderContinueAndEndStream,
      types.HeaderStopAllIterationAndBuffer,
      types.HeaderStopAllIterationAndWatermark,
      types.DataContinue,
      types.DataStopIterationAndBuffer,
      types.DataStopIterationAndWatermark,
      types.DataStopIterationNoBuffer,
      types.ActionContinue,
      types.ActionPause,
    ].join(",")
  );
}
