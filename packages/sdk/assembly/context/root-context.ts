// The per-plugin root context: what Envoy creates once per plugin per VM (id 1 for the first
// plugin). It receives start-up, configuration and timers. Override the root callbacks of
// Context: onVmStart, onConfigure, onTick, onQueueReady, onForeignFunction, onDone, onDelete,
// and createStreamContext to serve requests:
//
//   createStreamContext(id: u32): Context | null { return new MyStream(id); }
//
// Answers to http calls and Redis calls also arrive on the root; the SDK routes them to the
// callback given with the call (proxywasm.dispatchHttpCall, HttpClient, RedisClient).
import { Context } from "./context";

export class RootContext extends Context {}
