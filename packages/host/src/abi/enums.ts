// Proxy-wasm ABI 0.2.1 numbers, as Envoy and proxy-wasm-cpp-sdk define them (proxy_wasm_enums.h).

export enum WasmResult {
  Ok = 0,
  NotFound = 1,
  BadArgument = 2,
  SerializationFailure = 3,
  ParseFailure = 4,
  BadExpression = 5,
  InvalidMemoryAccess = 6,
  Empty = 7,
  CasMismatch = 8,
  ResultMismatch = 9,
  InternalFailure = 10,
  BrokenConnection = 11,
  Unimplemented = 12,
}

export enum LogLevel {
  Trace = 0,
  Debug = 1,
  Info = 2,
  Warn = 3,
  Error = 4,
  Critical = 5,
}

export const LOG_LEVEL_NAMES = ["trace", "debug", "info", "warn", "error", "critical"] as const;
export type LogLevelName = (typeof LOG_LEVEL_NAMES)[number];

export enum BufferType {
  HttpRequestBody = 0,
  HttpResponseBody = 1,
  DownstreamData = 2,
  UpstreamData = 3,
  HttpCallResponseBody = 4,
  GrpcReceiveBuffer = 5,
  VmConfiguration = 6,
  PluginConfiguration = 7,
  CallData = 8,
  /** Higress: the reply of a proxy_redis_call. */
  RedisCallResponse = 9,
}

export enum MapType {
  HttpRequestHeaders = 0,
  HttpRequestTrailers = 1,
  HttpResponseHeaders = 2,
  HttpResponseTrailers = 3,
  GrpcReceiveInitialMetadata = 4,
  GrpcReceiveTrailingMetadata = 5,
  HttpCallResponseHeaders = 6,
  HttpCallResponseTrailers = 7,
}

/** Envoy's FilterHeadersStatus. */
export enum HeaderStatus {
  Continue = 0,
  StopIteration = 1,
  ContinueAndEndStream = 2,
  StopAllIterationAndBuffer = 3,
  StopAllIterationAndWatermark = 4,
}

/** Envoy's FilterDataStatus. */
export enum DataStatus {
  Continue = 0,
  StopIterationAndBuffer = 1,
  StopIterationAndWatermark = 2,
  StopIterationNoBuffer = 3,
}

export enum TrailerStatus {
  Continue = 0,
  StopIteration = 1,
}

export enum StreamType {
  HttpRequest = 0,
  HttpResponse = 1,
  Downstream = 2,
  Upstream = 3,
}

export enum MetricType {
  Counter = 0,
  Gauge = 1,
  Histogram = 2,
}

/** The low two bits of a callout token say what kind of callout it is (cpp-host wasm.h CalloutType). */
export enum CalloutType {
  HttpCall = 0,
  GrpcCall = 1,
  GrpcStream = 2,
  /** Higress: proxy_redis_call. */
  RedisCall = 3,
}

/** The WASI errno values the host returns (wasi_snapshot_preview1). */
export enum WasiErrno {
  Success = 0,
  BadF = 8,
  Fault = 21,
  Inval = 28,
  NoEnt = 44,
  NoSys = 52,
  NotSup = 58,
  NotCapable = 76,
}
