// Envoy's flow control for one stream (docs: "Flow control"; watermark buffers in
// source/common/buffer/watermark_buffer.cc): when what waits to be written to one side is
// above the connection's buffer limit, the other side stops being read, and reading resumes
// once the writer has drained. Node's write() says when its queue is above Node's own high
// watermark (16 KiB); the limit here is per_connection_buffer_limit_bytes, so up to that many
// bytes queue before reading stops, as in Envoy.
import type { OutgoingMessage } from "node:http";

/**
 * Pauses a source while any reason holds (Envoy counts readDisable calls the same way): the
 * filter chain's watermark buffering and the writer's back-pressure each hold their own.
 */
export class ReadGate {
  private readonly reasons = new Set<string>();

  constructor(private readonly apply: (paused: boolean) => void) {}

  get paused(): boolean {
    return this.reasons.size > 0;
  }

  set(reason: string, paused: boolean): void {
    const before = this.paused;
    if (paused) this.reasons.add(reason);
    else this.reasons.delete(reason);
    if (this.paused !== before) this.apply(this.paused);
  }
}

/**
 * Writes with back-pressure: after a write Node refused to take without queueing (false) while
 * more than `limitBytes` wait, `gate` is paused for `reason` until the writer drains.
 * `onPause` counts Envoy's *_flow_control_paused_reading_total.
 */
export class BackpressuredWriter {
  private waiting = false;

  constructor(
    private readonly out: OutgoingMessage,
    private readonly limitBytes: number,
    private readonly gate: ReadGate,
    private readonly reason: string,
    private readonly onPause: () => void,
  ) {
    out.on("drain", () => {
      if (!this.waiting) return;
      this.waiting = false;
      this.gate.set(this.reason, false);
    });
    // A writer that goes away (client or upstream closed) must not keep its source paused.
    out.on("close", () => {
      if (this.waiting) {
        this.waiting = false;
        this.gate.set(this.reason, false);
      }
    });
  }

  write(data: Uint8Array): void {
    const accepted = this.out.write(data);
    if (accepted || this.waiting || this.out.writableLength <= this.limitBytes) return;
    this.waiting = true;
    this.onPause();
    this.gate.set(this.reason, true);
  }
}
