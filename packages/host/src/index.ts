// @gatewasm/host: a Node host that runs proxy-wasm plugins the way Envoy (and Higress) do.
export { WasmResult, LogLevel, BufferType, MapType, HeaderStatus, DataStatus, TrailerStatus, StreamType, MetricType, LOG_LEVEL_NAMES } from "./abi/enums.js";
export type { LogLevelName } from "./abi/enums.js";
export { encodePairs, decodePairs, type HeaderPair } from "./abi/pairs.js";
export { readWasmModule, type WasmModuleInfo, type ImportEntry, type ExportEntry } from "./loader/wasm-binary.js";
export { linkModule, WasmLoadError, type LinkedModule } from "./loader/link.js";
export { hostFunctionTable, type Flavor, type AbiVersion } from "./loader/host-function-table.js";
export { PluginVm, PluginStartError, type PluginVmOptions, type PluginLogEntry } from "./plugin/plugin-vm.js";
export { HttpStream } from "./stream/http-stream.js";
export { TestHost, TestHttpStream, TestStartError, type TestHostOptions, type LocalResponse, type HeadersInput } from "./testkit/test-host.js";
