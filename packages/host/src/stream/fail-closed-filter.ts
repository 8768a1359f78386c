// The filter Envoy installs when a fail-closed plugin has no healthy VM on this worker
// (Envoy wasm_filter.h createFilter: "Fail closed is handled by an empty Context"): the request
// gets an empty 503 with details wasm_fail_stream, and the response passes untouched.
import { DataStatus, HeaderStatus, TrailerStatus } from "../abi/enums.js";
import type { FilterCallbacks, StreamFilter } from "./filter.js";

export class FailClosedFilter implements StreamFilter {
  private callbacks!: FilterCallbacks;
  private sent = false;

  setCallbacks(callbacks: FilterCallbacks): void {
    this.callbacks = callbacks;
  }

  decodeHeaders(): HeaderStatus {
    if (!this.sent) {
      this.sent = true;
      this.callbacks.sendLocalReply({
        statusCode: 503,
        body: new Uint8Array(0),
        headers: [],
        grpcStatus: 14,
        details: "wasm_fail_stream",
      });
    }
    return HeaderStatus.StopAllIterationAndWatermark;
  }

  decodeData(): DataStatus {
    return DataStatus.StopIterationNoBuffer;
  }

  decodeTrailers(): TrailerStatus {
    return TrailerStatus.StopIteration;
  }

  encodeHeaders(): HeaderStatus {
    return HeaderStatus.Continue;
  }

  encodeData(): DataStatus {
    return DataStatus.Continue;
  }

  encodeTrailers(): TrailerStatus {
    return TrailerStatus.Continue;
  }

  onLog(): void {}

  onDestroy(): void {}
}
