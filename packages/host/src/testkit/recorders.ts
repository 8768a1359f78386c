// The two ends of a stream in the test kit: what went (or would go) to the upstream, and what
// the client receives. They record; they never answer on their own.
import type { HeaderPair } from "../abi/pairs.js";
import type { HeaderMap } from "../context/header-map.js";
import type { DownstreamSink, UpstreamSink } from "../stream/filter.js";
import { needsZeroContentLength } from "../stream/http1-codec.js";

export interface RecordedMessage {
  headers: HeaderPair[];
  body: Buffer;
  trailers: HeaderPair[] | null;
  /** The end of stream was sent. */
  complete: boolean;
}

/** Headers, body chunks and trailers of one direction, as they arrive at an end of the stream. */
abstract class MessageRecorder {
  message: RecordedMessage | null = null;
  private readonly chunks: Buffer[] = [];

  protected start(headers: HeaderPair[], endStream: boolean): void {
    this.message = { headers, body: Buffer.alloc(0), trailers: null, complete: endStream };
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
}

export class UpstreamRecorder extends MessageRecorder implements UpstreamSink {
  /** The exchange was abandoned (a local reply or a reset) before it completed. */
  wasReset = false;

  headers(headers: HeaderMap, endStream: boolean): void {
    this.start(headers.toPairs(), endStream);
  }

  reset(): void {
    if (this.message && !this.message.complete) this.wasReset = true;
  }
}

export class DownstreamRecorder extends MessageRecorder implements DownstreamSink {
  resetDetails: string | null = null;

  headers(headers: HeaderMap, endStream: boolean): void {
    const pairs = headers.toPairs();
    const status = Number(headers.get(":status"));
    if (needsZeroContentLength(status, endStream, headers.get("content-length") !== undefined))
      pairs.push(["content-length", "0"]);
    this.start(pairs, endStream);
  }

  reset(details: string): void {
    this.resetDetails = details;
  }
}
