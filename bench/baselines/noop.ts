// The no-op module: every callback, no host call. Its time per request is the host's own
// overhead (stream machinery plus crossing into the module for each callback).
export * from "./callbacks";
