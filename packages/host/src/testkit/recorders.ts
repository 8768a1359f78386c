// The two ends of a stream in the test kit: what went (or would go) to the upstream, and what
// the client receives. They record; they never answer on their own.
import type { HeaderPair } from "../abi/pairs.js";
import type { HeaderMap } from "../context/header-map.js";
import type { DownstreamSink, UpstreamSink } from "../stream/filter.js";

export interface RecordedMessage {
  headers: HeaderPair[];
  body: Buffer;
  trailers: HeaderPair[] | null;
  /** The end of stream was sent. */
  complete: boolean;
}

export class UpstreamRecorder implements UpstreamSink {
  message: RecordedMessage | null = null;
  private readonly chunks: Buffer[] = [];
  /** The exchange was abandoned (a local reply or a reset) before it completed. */
  wasReset = false;

  headers(headers: HeaderMap, endStream: boolean): void {
    this.message = { headers: headers.toPairs(), body: Buffer.alloc(0), trailers: null, complete: endStream };
  }

  data(data: Uint8Array, endStream: boolean): void {
    if (!this.message) return;
    this.chunks.push(Buffer.from(data));
    this.message.body = Buffer.concat(this.chunks);
    if (endStream) this.message.complete = true;
  }

  trailers(trailers: HeaderMap): void {
    if (!this.message) return;
    this.message.trailers = trailers.toPairs();
    this.message.complete = true;
  }

  reset(): void {
    if (this.message && !this.message.complete) this.wasReset = true;
  }
}

export class DownstreamRecorder implements DownstreamSink {
  message: RecordedMessage | null = null;
  private readonly chunks: Buffer[] = [];
  resetDetails: string | null = null;

  headers(headers: HeaderMap, endStream: boolean): void {
    const pairs = headers.toPairs();
    const status = Number(headers.get(":status"));
    // Envoy's HTTP/1 codec adds content-length: 0 to a response that ends with its headers.
    if (endStream && headers.get("content-length") === undefined && status !== 204 && status !== 304 && !(status >= 100 && status < 200)) {
      pairs.push(["content-length", "0"]);
    }
    this.message = { headers: pairs, body: Buffer.alloc(0), trailers: null, complete: endStream };
  }

  data(data: Uint8Array, endStream: boolean): void {
    if (!this.message) return;
    this.chunks.push(Buffer.from(data));
    this.message.body = Buffer.concat(this.chunks);
    if (endStream) this.message.complete = true;
  }

  trailers(trailers: HeaderMap): void {
    if (!this.message) return;
    this.message.trailers = trailers.toPairs();
    this.message.complete = true;
  }

  reset(details: string): void {
    this.resetDetails = details;
  }
}
