// @gatewasm/host/engine: the engine the test kit drives (loading and linking, the VM, the host
// calls, the stream state machine, the test kit's recorders and callout records), without the
// Node-only parts (files, sockets, DNS, the gateway). Nothing this file imports, directly or
// not, imports a `node:` module, so a bundler can put it in a browser page: the playground
// (tools/playground) runs plugins with it. It needs a global `Buffer` (Node's, or the `buffer`
// package's in a page) and Web Crypto's `crypto.getRandomValues`.
export {
  WasmResult,
  LogLevel,
  BufferType,
  MapType,
  HeaderStatus,
  DataStatus,
  TrailerStatus,
  StreamType,
  MetricType,
  CalloutType,
  LOG_LEVEL_NAMES,
} from "./abi/enums.js";
export type { LogLevelName } from "./abi/enums.js";
export { encodePairs, decodePairs, type HeaderPair } from "./abi/pairs.js";
export { readWasmModule, type WasmModuleInfo, type ImportEntry, type ExportEntry } from "./loader/wasm-binary.js";
export { linkVerdict, WasmLoadError, type LinkVerdict } from "./loader/link.js";
export type { Flavor } from "./loader/host-function-table.js";
export { HostProcess } from "./process/host-process.js";
export { CompiledPlugin } from "./plugin/compiled-plugin.js";
export { PluginVm, PluginStartError } from "./plugin/plugin-vm.js";
export {
  type PluginConfig,
  type PluginLogEntry,
  type WorkerEnvironment,
  DEFAULT_BUFFER_LIMIT_BYTES,
} from "./plugin/plugin-config.js";
export { HeaderMap } from "./context/header-map.js";
export { FilterManager } from "./stream/filter-manager.js";
export { StreamInfo, parseAddress } from "./context/stream-info.js";
export { encodeCommand, decodeReply, encodeReply, type RespValue } from "./clusters/resp.js";
export type {
  ClusterManager,
  Cancellable,
  HttpCalloutRequest,
  HttpCalloutResult,
  RedisCallResult,
  RedisInitOptions,
} from "./clusters/cluster-manager.js";
export { ManualDispatcher } from "./testkit/manual-dispatcher.js";
export { DownstreamRecorder, UpstreamRecorder, type RecordedMessage } from "./testkit/recorders.js";
export {
  StatusRecorder,
  TestHttpStream,
  type LocalResponse,
  type HttpStreamAction,
} from "./testkit/test-http-stream.js";
export { PendingHttpCall, PendingRedisCall, type HttpCallResponse } from "./testkit/pending-calls.js";
