// @gatewasm/sdk: what a plugin imports.
//
//   import { proxywasm, setCtx, processRequestHeadersBy, HttpContext, Log, HeaderAction } from "@gatewasm/sdk";
import * as proxywasm from "./proxywasm/index";
export { proxywasm };
export { LogLevel, WasmResult, HeaderAction, DataAction, TrailerAction, BufferType, MapType, StreamType, MetricType } from "./abi/enums";
export { Context } from "./context/context";
export { RootContext } from "./context/root-context";
export { StreamContext } from "./context/stream-context";
export { RootFactory, setRootFactory } from "./context/registry";
export { HttpContext } from "./wrapper/http-context";
export { Log } from "./wrapper/log";
export { PluginOption, processRequestHeadersBy } from "./wrapper/options";
export { setCtx } from "./wrapper/set-ctx";
