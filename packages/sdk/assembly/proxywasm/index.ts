// The typed host calls: the Go SDK's `proxywasm` package, named in camelCase.
export * from "./log";
export * from "./local-response";
