// @gatewasm/host/internal: the engine's parts that the gatewasm CLI (doctor's link checks) and
// the benchmarks (driving a PluginVm through a FilterManager without the test kit) use. Not a
// stable API: names here change with the engine. Users import "@gatewasm/host" (index.ts).
export { BufferType, MapType, MetricType } from "./abi/enums.js";
export { encodePairs, decodePairs } from "./abi/pairs.js";
export { MAX_MEMORY_PAGES } from "./abi/limits.js";
export { linkModule, linkVerdict, type LinkVerdict } from "./loader/link.js";
export { startReach } from "./loader/start-reach.js";
export { hostFunctionTable } from "./loader/host-function-table.js";
export { capMemoryPages } from "./loader/memory-cap.js";
export { HostProcess } from "./process/host-process.js";
export { HeaderMap } from "./context/header-map.js";
export { StreamInfo } from "./context/stream-info.js";
export { FilterManager } from "./stream/filter-manager.js";
export type { StreamFilter, UpstreamSink, DownstreamSink } from "./stream/filter.js";
export { encodeCommand } from "./clusters/resp.js";
export type {
  ClusterManager,
  HttpCalloutRequest,
  HttpCalloutResult,
  RedisCallResult,
} from "./clusters/cluster-manager.js";
export { PluginVm, PluginStartError } from "./plugin/plugin-vm.js";
export { DEFAULT_BUFFER_LIMIT_BYTES } from "./plugin/plugin-config.js";
export type { Dispatcher } from "./plugin/dispatcher.js";
