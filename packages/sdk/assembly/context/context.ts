// The base of every context. Envoy calls each callback on the context id it belongs to (root
// callbacks on root ids, stream callbacks on stream ids), so the exports dispatch on this one
// class with no type checks; RootContext and StreamContext override the ones they answer.
import { DataAction, HeaderAction, TrailerAction } from "../abi/enums";
import * as types from "../abi/types";

export class Context {
  constructor(public readonly id: u32) {}

  // root callbacks
  onVmStart(vmConfigurationSize: usize): bool {
    return true;
  }
  onConfigure(pluginConfigurationSize: usize): bool {
    return true;
  }
  onTick(): void {}
  onQueueReady(queueId: u32): void {}
  onForeignFunction(functionId: u32, argumentsSize: usize): void {}
  /** A root creates the context of a new stream on it; null ignores the stream. */
  createStreamContext(id: u32): Context | null {
    return null;
  }

  // stream callbacks
  onRequestHeaders(numHeaders: u32, endOfStream: bool): HeaderAction {
    return types.HeaderContinue;
  }
  onRequestBody(bodySize: usize, endOfStream: bool): DataAction {
    return types.DataContinue;
  }
  onRequestTrailers(numTrailers: u32): TrailerAction {
    return TrailerAction.Continue;
  }
  onResponseHeaders(numHeaders: u32, endOfStream: bool): HeaderAction {
    return types.HeaderContinue;
  }
  onResponseBody(bodySize: usize, endOfStream: bool): DataAction {
    return types.DataContinue;
  }
  onResponseTrailers(numTrailers: u32): TrailerAction {
    return TrailerAction.Continue;
  }

  // both
  onLog(): void {}
  /** `proxy_on_done`; a root returning false will call `proxy_done` itself later. */
  onDone(): bool {
    return true;
  }
  onDelete(): void {}
}
