// The connection manager's per-stream timers (conn_manager_impl.cc onIdleTimeout,
// onRequestTimeout): stream_idle_timeout restarts on every movement of the stream and answers
// 408 "stream timeout" (a reset once the response has started); request_timeout runs until the
// whole request has arrived and answers 408 "request timeout". 0 disables either.
import type { FilterManager } from "../stream/filter-manager.js";
import type { Http1Settings } from "./config-model.js";

export class StreamTimers {
  private idle: NodeJS.Timeout | null = null;
  private request: NodeJS.Timeout | null = null;

  constructor(
    private readonly fm: FilterManager,
    settings: Http1Settings,
  ) {
    if (settings.streamIdleTimeoutMs > 0) {
      this.idle = setTimeout(() => this.fire("stream timeout", "stream_idle_timeout"), settings.streamIdleTimeoutMs);
    }
    if (settings.requestTimeoutMs > 0) {
      this.request = setTimeout(
        () => this.fire("request timeout", "request_overall_timeout"),
        settings.requestTimeoutMs,
      );
    }
  }

  /** Bytes moved on the stream. */
  activity(): void {
    this.idle?.refresh();
  }

  /** The client sent the whole request. */
  requestComplete(): void {
    if (this.request) clearTimeout(this.request);
    this.request = null;
  }

  stop(): void {
    if (this.idle) clearTimeout(this.idle);
    if (this.request) clearTimeout(this.request);
    this.idle = this.request = null;
  }

  private fire(body: string, details: string): void {
    this.stop();
    this.fm.run(() =>
      this.fm.sendLocalReply({ statusCode: 408, body: Buffer.from(body), headers: [], grpcStatus: null, details }),
    );
  }
}
