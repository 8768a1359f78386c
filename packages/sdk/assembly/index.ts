// @gatewasm/sdk: what a plugin imports.
//
//   import { proxywasm, setCtx, processRequestHeadersBy, HttpContext, Log, HeaderAction } from "@gatewasm/sdk";
//
// Layers, bottom up: abi (imports, enums, memory, pairs) -> proxywasm (typed host calls) ->
// context (root/stream contexts, dispatch) -> json (config reader) -> wrapper (setCtx,
// HttpContext, rules, Log) -> clients (HttpClient, RedisClient, clusters, RESP). Beside them,
// importing nothing, state/runtime-state.ts holds the runtime state every layer reads.
import * as proxywasm from "./proxywasm/index";
import * as types from "./abi/types";
// Header and data actions are written as the seed writes them, `types.HeaderContinue`; the
// enums below are their types (a header callback returns a HeaderAction).
export { proxywasm, types };
export {
  LogLevel,
  WasmResult,
  HeaderAction,
  DataAction,
  TrailerAction,
  BufferType,
  MapType,
  StreamType,
  MetricType,
  PeerType,
} from "./abi/enums";
export { encodePairs, decodePairs, MAX_PAIRS, MAX_PAIRS_BYTES } from "./abi/pairs";
export { asciiLower, equalsIgnoreCase, containsIgnoreCase } from "./abi/ascii-case";
export { Context } from "./context/context";
export { RootContext } from "./context/root-context";
export { StreamContext } from "./context/stream-context";
export { RootFactory, setRootFactory } from "./context/registry";
export { Callout } from "./proxywasm/callouts";
export * from "./json/index";
export { HttpContext } from "./wrapper/http-context";
export { Log } from "./wrapper/log";
export { pluginName } from "./state/runtime-state";
export { runningHttpContext } from "./wrapper/running";
export * from "./wrapper/callbacks";
export {
  PluginOption,
  processRequestHeadersBy,
  parseConfigBy,
  parseOverrideConfigBy,
  parseConfigWithRulesBy,
  processRequestBodyBy,
  processStreamingRequestBodyBy,
  processResponseHeadersBy,
  processResponseBodyBy,
  processStreamingResponseBodyBy,
  processStreamDoneBy,
  tickFuncBy,
} from "./wrapper/options";
export { registerTickFunc } from "./wrapper/ticks";
export { setCtx, setCtxWithOptions } from "./wrapper/set-ctx";
// Higress parity: options, plugin context, phases, user attributes, route calls, helpers.
export {
  parseRawConfig,
  parseOverrideRawConfig,
  parseConfigWithContext,
  prePluginStartOrReload,
  withLogger,
  enableSafeLog,
  withMaxRequestsPerIoCycle,
  withRebuildAfterRequests,
  withRebuildMaxMemBytes,
  ParseRawConfigFn,
  ParseRawRuleConfigFn,
  ParseConfigWithContextFn,
} from "./wrapper/higress-options";
export { PluginContext } from "./wrapper/plugin-context";
export { PrePluginStartFn } from "./wrapper/plugin-start";
export { HTTPExecutionPhase } from "./wrapper/execution-phase";
export { UserAttributes } from "./wrapper/user-attributes";
export { RouteCallback } from "./wrapper/route-call";
export { getRequestPathWithoutQuery, isApplicationJson } from "./wrapper/request-helpers";
export { safeLogEnabled as isSafeLogEnabled } from "./state/runtime-state";
export { formatLog } from "./wrapper/log-format";
export * from "./clients/index";
