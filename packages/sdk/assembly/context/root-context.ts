// The per-plugin root context: what Envoy creates once per plugin per VM (id 1 for the first
// plugin). It receives start-up, configuration, timers and every asynchronous callout answer
// (Envoy delivers http_call and Redis responses to the root id, never to the stream).
// Override the root callbacks of Context: onVmStart, onConfigure, onTick, onQueueReady,
// onHttpCallResponse, onRedisCallResponse, onForeignFunction, onDone, onDelete.
import { Context } from "./context";
import { StreamContext } from "./stream-context";

export class RootContext extends Context {
  /** A new HTTP stream on this plugin; null means the plugin ignores the stream. */
  createStreamContext(id: u32): StreamContext | null { return null; }

  newStreamContext(id: u32): Context | null { return this.createStreamContext(id); }
}
