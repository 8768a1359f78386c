// @gatewasm/host: a Node host that runs proxy-wasm plugins the way Envoy (and Higress) do.
// This entry is the public API: the test kit, the gateway, the test servers and the names
// their signatures use. The engine's parts (linker, VM, filter manager, clusters) are
// exported from "@gatewasm/host/internal" for the CLI and the benchmarks only.
//
// Layers, bottom up; each folder imports only from folders before it (dependency-cruiser
// enforces this, see .dependency-cruiser.cjs; docs/architecture.md describes each):
//   abi -> loader -> vm -> process -> context -> properties -> hostcalls -> stream
//   -> clusters -> plugin -> testkit -> gateway -> servers -> (index.ts, internal.ts)
export { WasmResult, LogLevel, HeaderStatus, DataStatus, TrailerStatus, type LogLevelName } from "./abi/enums.js";
export type { HeaderPair } from "./abi/pairs.js";
export type { Flavor, AbiVersion } from "./loader/host-function-table.js";
// The .wasm checks a plugin's build test makes: what the module imports and exports, and
// whether Envoy (or Higress) would load it (compile throws WasmLoadError in Envoy's words).
export {
  readWasmModule,
  type WasmModuleInfo,
  type ImportEntry,
  type ExportEntry,
  type MemoryLimits,
} from "./loader/wasm-binary.js";
export { WasmLoadError } from "./loader/link.js";
export { CompiledPlugin } from "./plugin/compiled-plugin.js";
export type { PluginLogEntry } from "./plugin/plugin-config.js";
export type { FailurePolicy } from "./stream/filter-plugin.js";
export type { PropertyValue } from "./context/stream-info.js";
export { TestHost, TestStartError, type TestHostOptions, type InitHttpOptions } from "./testkit/test-host.js";
export {
  TestHttpStream,
  type LocalResponse,
  type HeadersInput,
  type HttpStreamAction,
} from "./testkit/test-http-stream.js";
export { PendingHttpCall, PendingRedisCall, type HttpCallResponse } from "./testkit/pending-calls.js";
export { DEFAULT_BUDGET_BYTES, type PluginPackage, readPluginPackage } from "./testkit/plugin-package.js";
export { expectConfigSchema } from "./testkit/expect-config-schema.js";
export {
  expectShippable,
  formatShippableVerdict,
  shippableProblemLines,
  shippableVerdict,
  shippableVerdictWords,
  type ShippableSummary,
  type ShippableVerdict,
} from "./testkit/expect-shippable.js";
export {
  checkConfigSchema,
  configSchemaCases,
  readConfigSchema,
  type ConfigSchema,
  type SchemaProperty,
  type ConfigSchemaCase,
  type ConfigSchemaResult,
  type CheckConfigSchemaOptions,
} from "./testkit/config-schema-cases.js";
export type {
  HttpCallHandler,
  RedisCallHandler,
  TestClusterOptions,
  RedisInitRecord,
} from "./testkit/test-clusters.js";
export { startGateway, GatewayStartError, type GatewayOptions, type RunningGateway } from "./gateway/gateway.js";
export { startThreadedGateway } from "./gateway/workers/threaded-gateway.js";
export { parseEnvoyYaml } from "./gateway/parse-envoy-yaml.js";
export { ConfigError } from "./gateway/config-reader.js";
export type { GatewayConfig, ListenerConfig, WasmPluginSpec } from "./gateway/config-model.js";
export { gatewayUnderTest, type GatewayUnderTest } from "./gateway/gateway-under-test.js";
export { startHttpbin, type HttpbinServer } from "./servers/httpbin.js";
export { startRedisServer, type RedisServer } from "./servers/redis-server.js";
export { startEchoUpstream, type EchoUpstream } from "./servers/echo-upstream.js";
export { acceptsConnections, freeLoopbackPort } from "./servers/loopback-port.js";
export type { RunningServer } from "./servers/child-server.js";
export {
  envoyYamlWithConfiguration,
  pluginGateway,
  type PluginGateway,
  type PluginGatewayOptions,
} from "./servers/plugin-gateway.js";
