// The per-stream guard of the filter manager: an exception anywhere inside a stream ends that
// stream (a 500 when nothing went to the client yet, a reset after) and is reported once; the
// test kit, which passes no handler, still sees the exception.
import { describe, expect, it } from "vitest";
import { FilterManager, HeaderMap, StreamInfo } from "../src/internal.js";
import { DownstreamRecorder, UpstreamRecorder } from "../src/testkit/recorders.js";
import { StreamFailure } from "../src/stream/stream-failure.js";

class ThrowingUpstream extends UpstreamRecorder {
  constructor(private readonly error: unknown) {
    super();
  }
  override headers(): void {
    throw this.error;
  }
}

class ThrowingDownstream extends DownstreamRecorder {
  override data(): void {
    throw new Error("write failed");
  }
}

const request = () =>
  new HeaderMap([
    [":method", "GET"],
    [":path", "/"],
    [":authority", "a"],
  ]);

function manager(upstream: UpstreamRecorder, downstream: DownstreamRecorder, guarded = true) {
  const errors: [unknown, number][] = [];
  const fm = new FilterManager({
    filters: [],
    info: new StreamInfo(0n),
    upstream,
    downstream,
    bufferLimitBytes: 1024,
    ...(guarded
      ? { onStreamError: (e: unknown, reply: { status: number }) => void errors.push([e, reply.status]) }
      : {}),
  });
  return { fm, errors };
}

describe("the per-stream guard", () => {
  it("turns a host error before the response into that stream's empty 500, reported once", () => {
    const bug = new TypeError("host bug");
    const downstream = new DownstreamRecorder();
    const { fm, errors } = manager(new ThrowingUpstream(bug), downstream);
    expect(() => fm.run(() => fm.decodeHeaders(request(), true))).not.toThrow();
    expect(downstream.message?.headers).toEqual([
      [":status", "500"],
      ["content-length", "0"],
    ]);
    expect(downstream.message?.complete).toBe(true);
    expect(errors).toEqual([[bug, 500]]);
    expect(fm.ended).toBe(true);
    expect(fm.info.responseCodeDetails).toBe("gatewasm_stream_error{TypeError}");
  });

  it("answers a StreamFailure with its own status, body and details", () => {
    const downstream = new DownstreamRecorder();
    const { fm } = manager(new ThrowingUpstream(new StreamFailure(503, "refused", "my_details")), downstream);
    fm.run(() => fm.decodeHeaders(request(), true));
    expect(downstream.message?.headers).toContainEqual([":status", "503"]);
    expect(downstream.message?.body.toString()).toBe("refused");
    expect(fm.info.responseCodeDetails).toBe("my_details");
  });

  it("resets the stream when the error comes after the response headers went out", () => {
    const upstream = new UpstreamRecorder();
    const downstream = new ThrowingDownstream();
    const { fm, errors } = manager(upstream, downstream);
    fm.run(() => fm.decodeHeaders(request(), true));
    fm.run(() => fm.encodeHeaders(new HeaderMap([[":status", "200"]]), false));
    fm.run(() => fm.encodeData(Buffer.from("x"), false));
    expect(downstream.resetDetails).toBe("gatewasm_stream_error{Error}");
    expect(errors.map(([, s]) => s)).toEqual([500]);
    expect(fm.endReason).toBe("reset");
  });

  it("without a handler (the test kit) the error propagates", () => {
    const { fm } = manager(new ThrowingUpstream(new Error("visible")), new DownstreamRecorder(), false);
    expect(() => fm.run(() => fm.decodeHeaders(request(), true))).toThrow("visible");
  });
});
