// @gatewasm/host/internal: the engine's parts, for the gatewasm CLI (doctor's link checks,
// `run`) and the benchmarks (driving a PluginVm and a FilterManager directly). Not a stable
// API: names here change with the engine. Users import "@gatewasm/host" (index.ts).
export { BufferType, MapType, StreamType, MetricType, PeerType, CalloutType, WasiErrno, LOG_LEVEL_NAMES } from "./abi/enums.js";
export { encodePairs, decodePairs } from "./abi/pairs.js";
export { PAIRS_MAX_BYTES, PAIRS_MAX_COUNT, MAX_MEMORY_PAGES, RANDOM_GET_MAX_BYTES } from "./abi/limits.js";
export { linkModule, linkVerdict, type LinkedModule, type LinkProblem, type LinkProblemKind, type LinkVerdict } from "./loader/link.js";
export { isContextFree, startReach, type StartReach } from "./loader/start-reach.js";
export { hostFunctionTable, MODULE_FUNCTIONS } from "./loader/host-function-table.js";
export { capMemoryPages } from "./loader/memory-cap.js";
export { HostProcess } from "./process/host-process.js";
export { HeaderMap } from "./context/header-map.js";
export { StreamInfo } from "./context/stream-info.js";
export { FilterManager, type FilterManagerOptions } from "./stream/filter-manager.js";
export { WasmHttpFilter } from "./stream/wasm-http-filter.js";
export type { StreamFilter, FilterCallbacks, UpstreamSink, DownstreamSink, LocalReplyRequest } from "./stream/filter.js";
export { encodeCommand, decodeReply, encodeReply, replyLength, type RespValue } from "./clusters/resp.js";
export { UpstreamClusters } from "./clusters/upstream-clusters.js";
export type { ClusterManager, HttpCalloutRequest, HttpCalloutResult, RedisCallResult } from "./clusters/cluster-manager.js";
export { PluginVm, PluginStartError } from "./plugin/plugin-vm.js";
export { type PluginConfig, type WorkerEnvironment, DEFAULT_BUFFER_LIMIT_BYTES } from "./plugin/plugin-config.js";
export { EventLoopDispatcher, type Dispatcher } from "./plugin/dispatcher.js";
