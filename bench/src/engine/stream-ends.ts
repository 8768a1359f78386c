// The two ends of a benchmarked stream: they only note how far the request and the response
// got, so the driver knows whether to send the upstream's response. Recording headers or
// bodies (as the test kit does) would add the same cost to plugin and baseline and blur the
// ratio between them.
import type { DownstreamSink, HeaderMap, UpstreamSink } from "@gatewasm/host/internal";

export class UpstreamEnd implements UpstreamSink {
  /** The request reached the upstream in full (it continued past the plugin). */
  complete = false;
  headers(_h: HeaderMap, endStream: boolean): void {
    if (endStream) this.complete = true;
  }
  data(_d: Uint8Array, endStream: boolean): void {
    if (endStream) this.complete = true;
  }
  trailers(): void {
    this.complete = true;
  }
  reset(): void {}
}

export class DownstreamEnd implements DownstreamSink {
  /** The :status the client got (0: none yet). */
  status = 0;
  headers(h: HeaderMap): void {
    this.status = Number(h.get(":status") ?? 0);
  }
  data(): void {}
  trailers(): void {}
  reset(): void {}
}
