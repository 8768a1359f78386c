// The typed host calls: the Go SDK's `proxywasm` package, named in camelCase.
//
//   import { proxywasm } from "@gatewasm/sdk";
//   proxywasm.addHttpRequestHeader("hello", "world");
export * from "./log";
export * from "./headers";
export * from "./bodies";
export * from "./local-response";
export * from "./stream-control";
export * from "./http-call";
export * from "./properties";
export * from "./shared-data";
export * from "./shared-queue";
export * from "./metrics";
export * from "./time";
export * from "./foreign";
export * from "./redis";
export { isValidHeaderName, isValidHeaderValue } from "./header-validation";
export { getPluginConfiguration, getVmConfiguration } from "./configuration";
