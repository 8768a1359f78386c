// @gatewasm/host: a Node host that runs proxy-wasm plugins the way Envoy (and Higress) do.
// Layers: abi -> loader -> vm -> hostcalls -> context/stream -> plugin -> testkit -> gateway.
export {
  WasmResult, LogLevel, BufferType, MapType, HeaderStatus, DataStatus, TrailerStatus, StreamType, MetricType,
  PeerType, CalloutType, WasiErrno, LOG_LEVEL_NAMES,
} from "./abi/enums.js";
export type { LogLevelName } from "./abi/enums.js";
export { encodePairs, decodePairs, type HeaderPair } from "./abi/pairs.js";
export { PAIRS_MAX_BYTES, PAIRS_MAX_COUNT, MAX_MEMORY_PAGES, RANDOM_GET_MAX_BYTES } from "./abi/limits.js";
export { readWasmModule, type WasmModuleInfo, type ImportEntry, type ExportEntry, type MemoryLimits } from "./loader/wasm-binary.js";
export { linkModule, linkVerdict, WasmLoadError, type LinkedModule, type LinkProblem, type LinkProblemKind, type LinkVerdict } from "./loader/link.js";
export { isContextFree, startReach, type StartReach } from "./loader/start-reach.js";
export { hostFunctionTable, MODULE_FUNCTIONS, type Flavor, type AbiVersion } from "./loader/host-function-table.js";
export { capMemoryPages } from "./loader/memory-cap.js";
export { HostProcess } from "./process/host-process.js";
export { CompiledPlugin } from "./plugin/compiled-plugin.js";
export { PluginVm, PluginStartError } from "./plugin/plugin-vm.js";
export { type PluginConfig, type PluginLogEntry, type WorkerEnvironment, type FailurePolicy, DEFAULT_BUFFER_LIMIT_BYTES } from "./plugin/plugin-config.js";
export { EventLoopDispatcher, type Dispatcher } from "./plugin/dispatcher.js";
export { HeaderMap } from "./context/header-map.js";
export { FilterManager, type FilterManagerOptions } from "./stream/filter-manager.js";
export { WasmHttpFilter } from "./stream/wasm-http-filter.js";
export { StreamInfo, type PropertyValue } from "./stream/stream-info.js";
export type { StreamFilter, FilterCallbacks, UpstreamSink, DownstreamSink, LocalReplyRequest } from "./stream/filter.js";
export { encodeCommand, decodeReply, encodeReply, replyLength, type RespValue } from "./callouts/resp.js";
export { UpstreamClusters } from "./callouts/upstream-clusters.js";
export type { ClusterManager, HttpCalloutRequest, HttpCalloutResult, RedisCallResult } from "./callouts/cluster-manager.js";
export { TestHost, TestStartError, type TestHostOptions, type InitHttpOptions } from "./testkit/test-host.js";
export { TestHttpStream, type LocalResponse, type HeadersInput, type HttpStreamAction } from "./testkit/test-http-stream.js";
export { PendingHttpCall, PendingRedisCall, type HttpCallResponse } from "./testkit/pending-calls.js";
export {
  checkConfigSchema, configSchemaCases, readConfigSchema, type ConfigSchema, type SchemaProperty, type ConfigSchemaCase,
  type ConfigSchemaResult, type CheckConfigSchemaOptions,
} from "./testkit/config-schema-cases.js";
export type { HttpCallHandler, RedisCallHandler, TestClusterOptions, RedisInitRecord } from "./testkit/test-clusters.js";
export { startGateway, GatewayStartError, type GatewayOptions, type RunningGateway } from "./gateway/gateway.js";
export { parseEnvoyYaml } from "./gateway/parse-envoy-yaml.js";
export { ConfigError } from "./gateway/config-reader.js";
export type { GatewayConfig, ListenerConfig, WasmPluginSpec } from "./gateway/config-model.js";
export { startHttpbin, type HttpbinServer } from "./servers/httpbin.js";
export { startRedisServer, type RedisServer } from "./servers/redis-server.js";
export { startEchoUpstream, type EchoUpstream } from "./servers/echo-upstream.js";
export { acceptsConnections, freeLoopbackPort } from "./servers/loopback-port.js";
export type { RunningServer } from "./servers/child-server.js";
export { gatewayUnderTest, type GatewayUnderTest } from "./gateway/gateway-under-test.js";
