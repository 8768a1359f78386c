// One HTTP stream through a chain of filters: Envoy's FilterManager and the parts of
// ActiveStream that decide when a stream ends (source/common/http/filter_manager.cc,
// conn_manager_impl.cc). It iterates headers, body chunks and trailers through the filters,
// stops where a filter stops, buffers what arrives meanwhile (with the buffer limit: 413 for a
// request, 500 for a response), replays it when the filter continues, sends local replies
// (through the encoder chain while the response has not started, straight to the client once
// it has, as a reset once headers went out), and at the end runs access logging, then
// destroys the filters: log -> done -> delete for the wasm filter.
import { DataStatus, HeaderStatus, TrailerStatus } from "../abi/enums.js";
import { BodyBuffer } from "../context/body-buffer.js";
import { monotonicNanos } from "../process/monotonic-clock.js";
import { HeaderMap } from "../context/header-map.js";
import type { DownstreamSink, FilterCallbacks, LocalReplyRequest, StreamFilter, UpstreamSink } from "./filter.js";
import { buildLocalReply } from "./local-reply.js";
import { failureReplyOf, type FailureReply } from "./stream-failure.js";
import type { StreamInfo } from "../context/stream-info.js";

type IterationState = "continue" | "stop-single" | "stop-all-buffer" | "stop-all-watermark";

interface Entry {
  filter: StreamFilter;
  state: IterationState;
  headersContinued: boolean;
  /** The filter is inside one of its own callbacks for this direction. */
  inCallback: boolean;
}

interface Side {
  readonly name: "request" | "response";
  entries: Entry[];
  headers: HeaderMap | null;
  /** Body the manager holds while a filter has stopped. */
  buffered: BodyBuffer | null;
  trailers: HeaderMap | null;
  /** Trailers arrived (or were added) but have not passed the filter that stopped. */
  trailersHeld: boolean;
  /** The source sent its end of stream. */
  remoteComplete: boolean;
  /** The latest stop used watermarks: going over the limit pauses the source instead of failing. */
  streaming: boolean;
  limit: number;
  /** The sink has received headers. */
  headersAtSink: boolean;
  /** The sink has received its end of stream. */
  completeAtSink: boolean;
  /** No more input is iterated (a local reply replaced this direction). */
  aborted: boolean;
}

interface FilterManagerOptions {
  filters: StreamFilter[];
  info: StreamInfo;
  upstream: UpstreamSink;
  downstream: DownstreamSink;
  bufferLimitBytes: number;
  /** Called once when the stream is over (after log and destroy). */
  onComplete?: () => void;
  /** Flow control for watermark buffering (Envoy read disable on the connection). */
  pauseSource?: (side: "request" | "response", paused: boolean) => void;
  /** A line for the operator (a filter asked for something Envoy ignores or asserts on). */
  onWarning?: (message: string) => void;
  /** Route-cache invalidation (the gateway re-matches the route before forwarding). */
  onClearRouteCache?: () => void;
  /**
   * The per-stream guard (gateway): an exception inside the stream ends this stream only, with
   * a local reply or a reset, and is reported here. Without it (test kit) exceptions propagate.
   */
  onStreamError?: (error: unknown, reply: FailureReply) => void;
}

export class FilterManager {
  readonly info: StreamInfo;
  private readonly filters: StreamFilter[];
  private readonly decode: Side;
  private readonly encode: Side;
  private readonly upstream: UpstreamSink;
  private readonly downstream: DownstreamSink;
  /** Response headers have entered the encoder chain (from the upstream or a local reply). */
  private responseStarted = false;
  /** The stream is over: logged and destroyed. */
  ended = false;
  /** How it ended: "complete" (response sent) or "reset". */
  endReason: "complete" | "reset" | null = null;
  /** The local reply that replaced the response, if any. */
  localReply: (LocalReplyRequest & { viaFilterChain: boolean }) | null = null;
  private readonly options: FilterManagerOptions;
  /** How many guarded calls are on the stack: only the outermost handles an error. */
  private guardDepth = 0;

  constructor(options: FilterManagerOptions) {
    this.options = options;
    this.info = options.info;
    this.filters = options.filters;
    this.upstream = options.upstream;
    this.downstream = options.downstream;
    const side = (name: Side["name"], entries: Entry[]): Side => ({
      name,
      entries,
      headers: null,
      buffered: null,
      trailers: null,
      trailersHeld: false,
      remoteComplete: false,
      streaming: false,
      limit: options.bufferLimitBytes,
      headersAtSink: false,
      completeAtSink: false,
      aborted: false,
    });
    const entry = (filter: StreamFilter): Entry => ({
      filter,
      state: "continue",
      headersContinued: false,
      inCallback: false,
    });
    this.decode = side("request", this.filters.map(entry));
    // The encoder chain runs the filters in reverse order.
    this.encode = side("response", [...this.filters].reverse().map(entry));
    this.filters.forEach((filter, i) => filter.setCallbacks(this.callbacksFor(i)));
  }

  // ---- input from the client (decode) and from the upstream (encode) ------------------------

  decodeHeaders(headers: HeaderMap, endStream: boolean): void {
    if (this.ended || this.decode.aborted) return;
    this.decode.headers = headers;
    this.markRemote(this.decode, endStream);
    this.iterateHeaders(this.decode, 0, endStream);
  }

  decodeData(data: Uint8Array, endStream: boolean): void {
    if (this.ended || this.decode.aborted) return;
    this.info.bytesReceived += data.length;
    this.markRemote(this.decode, endStream);
    this.iterateData(this.decode, 0, new BodyBuffer(data), endStream);
  }

  decodeTrailers(trailers: HeaderMap): void {
    if (this.ended || this.decode.aborted) return;
    this.decode.trailers = trailers;
    this.markRemote(this.decode, true);
    this.iterateTrailers(this.decode, 0);
  }

  encodeHeaders(headers: HeaderMap, endStream: boolean): void {
    if (this.ended || this.encode.aborted || this.responseStarted) return;
    this.responseStarted = true;
    const code = Number(headers.get(":status"));
    if (Number.isInteger(code)) this.info.responseCode = code;
    if (this.info.responseCodeDetails === null) this.info.responseCodeDetails = "via_upstream";
    this.encode.headers = headers;
    this.markRemote(this.encode, endStream);
    this.iterateHeaders(this.encode, 0, endStream);
  }

  encodeData(data: Uint8Array, endStream: boolean): void {
    if (this.ended || this.encode.aborted) return;
    this.markRemote(this.encode, endStream);
    this.iterateData(this.encode, 0, new BodyBuffer(data), endStream);
  }

  encodeTrailers(trailers: HeaderMap): void {
    if (this.ended || this.encode.aborted) return;
    this.encode.trailers = trailers;
    this.markRemote(this.encode, true);
    this.iterateTrailers(this.encode, 0);
  }

  /** The client went away: Envoy resets the stream (log and destroy still run). */
  downstreamReset(details = "downstream_remote_disconnect"): void {
    this.resetStream(details, false);
  }

  get responseHasStarted(): boolean {
    return this.responseStarted;
  }

  /** Where each direction stands, for tests: which filter (index in the decode order) stopped it, if any. */
  pausedAt(direction: "request" | "response"): number | null {
    const side = direction === "request" ? this.decode : this.encode;
    const i = side.entries.findIndex((e) => e.state !== "continue");
    if (i < 0) return null;
    return direction === "request" ? i : this.filters.length - 1 - i;
  }

  private markRemote(side: Side, endStream: boolean): void {
    if (!endStream) return;
    side.remoteComplete = true;
    if (side === this.decode) this.info.requestCompleteNanos ??= this.info.startTimeNanos + this.elapsedNanos();
  }

  private readonly startedAt = monotonicNanos();
  private elapsedNanos(): bigint {
    return monotonicNanos() - this.startedAt;
  }

  // ---- iteration ------------------------------------------------------------------------------

  private callHeaders(side: Side, e: Entry, headers: HeaderMap, endStream: boolean): HeaderStatus {
    e.inCallback = true;
    try {
      return side === this.decode
        ? e.filter.decodeHeaders(headers, endStream)
        : e.filter.encodeHeaders(headers, endStream);
    } finally {
      e.inCallback = false;
    }
  }

  private callData(side: Side, e: Entry, data: BodyBuffer, endStream: boolean): DataStatus {
    e.inCallback = true;
    try {
      return side === this.decode ? e.filter.decodeData(data, endStream) : e.filter.encodeData(data, endStream);
    } finally {
      e.inCallback = false;
    }
  }

  private callTrailers(side: Side, e: Entry, trailers: HeaderMap): TrailerStatus {
    e.inCallback = true;
    try {
      return side === this.decode ? e.filter.decodeTrailers(trailers) : e.filter.encodeTrailers(trailers);
    } finally {
      e.inCallback = false;
    }
  }

  private stopped(side: Side): boolean {
    return this.ended || side.aborted;
  }

  private iterateHeaders(side: Side, start: number, endStream: boolean): void {
    const headers = side.headers!;
    for (let i = start; i < side.entries.length; i++) {
      const e = side.entries[i];
      const status = this.callHeaders(side, e, headers, endStream);
      if (this.stopped(side)) return;
      if (status === HeaderStatus.Continue || status === HeaderStatus.ContinueAndEndStream) {
        e.headersContinued = true;
        continue;
      }
      e.state =
        status === HeaderStatus.StopIteration
          ? "stop-single"
          : status === HeaderStatus.StopAllIterationAndBuffer
            ? "stop-all-buffer"
            : "stop-all-watermark";
      side.streaming = status === HeaderStatus.StopAllIterationAndWatermark;
      return;
    }
    this.sinkHeaders(side, headers, endStream);
  }

  private iterateData(side: Side, start: number, data: BodyBuffer, endStream: boolean): void {
    let eos = endStream;
    let trailersAddedAt = -1;
    for (let i = start; i < side.entries.length; i++) {
      const e = side.entries[i];
      if (e.state === "stop-all-buffer" || e.state === "stop-all-watermark") {
        this.bufferData(side, data, e.state === "stop-all-watermark");
        return;
      }
      const hadTrailers = side.trailers !== null;
      const status = this.callData(side, e, data, eos);
      if (this.stopped(side)) return;
      if (!hadTrailers && side.trailers !== null && eos) {
        // The filter added trailers in the last data callback: the data no longer ends the stream.
        eos = false;
        trailersAddedAt = i;
        side.trailersHeld = true;
      }
      if (status === DataStatus.Continue) {
        if (e.state === "stop-single") {
          // It had stopped (headers StopIteration, or buffering): continue from it with what it held.
          this.bufferData(side, data, false);
          this.commonContinue(side, i);
          return;
        }
        continue;
      }
      e.state = "stop-single";
      if (status === DataStatus.StopIterationNoBuffer) return; // the chunk is dropped
      side.streaming = status === DataStatus.StopIterationAndWatermark;
      this.bufferData(side, data, side.streaming);
      return;
    }
    this.sinkData(side, data.take(), eos);
    if (trailersAddedAt >= 0 && !this.stopped(side)) this.iterateTrailers(side, trailersAddedAt + 1);
  }

  private iterateTrailers(side: Side, start: number): void {
    const trailers = side.trailers!;
    for (let i = start; i < side.entries.length; i++) {
      const e = side.entries[i];
      if (e.state === "stop-all-buffer" || e.state === "stop-all-watermark") {
        side.trailersHeld = true;
        return;
      }
      const status = this.callTrailers(side, e, trailers);
      if (this.stopped(side)) return;
      if (status === TrailerStatus.Continue) {
        if (e.state === "stop-single") {
          side.trailersHeld = true;
          this.commonContinue(side, i);
          return;
        }
        continue;
      }
      e.state = "stop-single";
      side.trailersHeld = true;
      return;
    }
    side.trailersHeld = false;
    this.sinkTrailers(side, trailers);
  }

  /** Resumes iteration after filter `i` (Envoy ActiveStreamFilterBase::commonContinue). */
  private commonContinue(side: Side, i: number): void {
    const e = side.entries[i];
    if (this.stopped(side)) return;
    const stoppedAll = e.state === "stop-all-buffer" || e.state === "stop-all-watermark";
    e.state = "continue";
    if (!e.headersContinued) {
      e.headersContinued = true;
      const eos = side.remoteComplete && side.buffered === null && !side.trailersHeld;
      this.iterateHeaders(side, i + 1, eos);
      if (this.stopped(side)) return;
    }
    // After a stop-all, the same filter gets the buffered body (Envoy iterate_from_current_filter_).
    const from = stoppedAll ? i : i + 1;
    if (side.buffered !== null) {
      const data = side.buffered;
      side.buffered = null;
      this.options.pauseSource?.(side.name, false);
      this.iterateData(side, from, data, side.remoteComplete && !side.trailersHeld);
      if (this.stopped(side)) return;
    }
    if (side.trailersHeld && side.trailers !== null) this.iterateTrailers(side, from);
  }

  private bufferData(side: Side, data: BodyBuffer, streaming: boolean): void {
    side.buffered ??= new BodyBuffer();
    side.buffered.move(data);
    if (side.buffered.length <= side.limit) return;
    if (streaming) {
      // Watermark buffering: Envoy stops reading from the source instead of failing.
      this.options.pauseSource?.(side.name, true);
      return;
    }
    this.tooLarge(side);
  }

  private tooLarge(side: Side): void {
    if (side === this.decode) {
      this.sendLocalReply({
        statusCode: 413,
        body: Buffer.from("Payload Too Large"),
        headers: [],
        grpcStatus: null,
        details: "request_payload_too_large",
      });
    } else {
      this.sendLocalReply({
        statusCode: 500,
        body: Buffer.from("Internal Server Error"),
        headers: [],
        grpcStatus: null,
        details: "response_payload_too_large",
      });
    }
  }

  // ---- sinks ------------------------------------------------------------------------------------

  private sinkHeaders(side: Side, headers: HeaderMap, endStream: boolean): void {
    if (side === this.decode) {
      side.headersAtSink = true;
      this.upstream.headers(headers, endStream);
    } else {
      // Marked after the call: a codec that refuses the headers has sent nothing.
      this.downstream.headers(headers, endStream);
      side.headersAtSink = true;
      if (endStream) this.responseComplete();
    }
  }

  private sinkData(side: Side, data: Uint8Array, endStream: boolean): void {
    if (side === this.decode) {
      this.upstream.data(data, endStream);
    } else {
      this.info.bytesSent += data.length;
      this.downstream.data(data, endStream);
      if (endStream) this.responseComplete();
    }
  }

  private sinkTrailers(side: Side, trailers: HeaderMap): void {
    if (side === this.decode) {
      this.upstream.trailers(trailers);
    } else {
      this.downstream.trailers(trailers);
      this.responseComplete();
    }
  }

  // ---- local replies, resets, the end ----------------------------------------------------------

  /** Envoy FilterManager::sendLocalReply: via the filter chain, straight to the client, or a reset. */
  sendLocalReply(reply: LocalReplyRequest): void {
    if (this.ended) return;
    if (this.localReply) {
      // One local reply per stream: a later one (even from the plugin's own reply callbacks) is dropped.
      this.options.onWarning?.(
        `local reply ${reply.statusCode} (${reply.details}) dropped: the stream already answered ${this.localReply.statusCode}`,
      );
      return;
    }
    this.info.responseCodeDetails = reply.details;
    const req = this.decode.headers;
    const built = buildLocalReply(reply, {
      isGrpc: (req?.get("content-type") ?? "").startsWith("application/grpc"),
      isHead: req?.get(":method") === "HEAD",
    });
    if (!this.responseStarted) {
      this.localReply = { ...reply, viaFilterChain: true };
      // The request goes no further: the upstream exchange (if any) is abandoned.
      this.decode.aborted = true;
      this.upstream.reset();
      this.responseStarted = true;
      this.info.responseCode = Number(built.headers.get(":status"));
      this.encode.headers = built.headers;
      this.encode.remoteComplete = built.body.length === 0;
      this.iterateHeaders(this.encode, 0, built.body.length === 0);
      if (!this.stopped(this.encode) && built.body.length > 0) {
        this.encode.remoteComplete = true;
        this.iterateData(this.encode, 0, new BodyBuffer(built.body), true);
      }
    } else if (!this.encode.headersAtSink) {
      // The response is in the chain but nothing went out: bypass the filters (sendDirectLocalReply).
      this.localReply = { ...reply, viaFilterChain: false };
      this.encode.aborted = true;
      this.upstream.reset();
      this.info.responseCode = Number(built.headers.get(":status"));
      this.downstream.headers(built.headers, built.body.length === 0);
      if (built.body.length > 0) {
        this.info.bytesSent += built.body.length;
        this.downstream.data(built.body, true);
      }
      this.responseComplete();
    } else {
      // Headers already went to the client: all Envoy can do is reset the stream.
      this.resetStream(reply.details, true);
    }
  }

  /** Ends the stream abruptly (close_stream, a failed response, the client leaving). */
  resetStream(details: string, notifyDownstream = true): void {
    if (this.ended) return;
    this.info.responseCodeDetails ??= details;
    if (notifyDownstream) this.downstream.reset(details);
    this.finish("reset");
  }

  private responseComplete(): void {
    this.encode.completeAtSink = true;
    this.finish("complete");
  }

  /** Envoy doEndStream -> doDeferredStreamDestroy: access log for every filter, then destroy them. */
  private finish(reason: "complete" | "reset"): void {
    if (this.ended) return;
    this.ended = true;
    this.endReason = reason;
    this.upstream.reset();
    const access = {
      requestHeaders: this.decode.headers,
      responseHeaders: this.encode.headers,
      responseTrailers: this.encode.trailers,
    };
    for (const f of this.filters) f.onLog(access);
    for (const f of this.filters) f.onDestroy();
    this.options.onComplete?.();
  }

  // ---- the per-stream guard ------------------------------------------------------------------------

  /**
   * Runs `fn` for this stream: with onStreamError set, an exception ends this stream (local reply
   * or reset) instead of reaching the event loop. Every way into the stream goes through here:
   * the client's and the upstream's events, timers, and the filters' deferred callbacks.
   */
  run(fn: () => void): void {
    if (!this.options.onStreamError) return fn();
    this.guardDepth++;
    try {
      fn();
    } catch (e) {
      if (this.guardDepth > 1) throw e;
      this.fail(e);
    } finally {
      this.guardDepth--;
    }
  }

  private fail(error: unknown): void {
    const reply = failureReplyOf(error);
    this.options.onStreamError?.(error, reply);
    if (this.ended) return;
    this.decode.aborted = true;
    this.encode.aborted = true;
    this.info.responseCodeDetails = reply.details;
    const quietly = (fn: () => void) => {
      try {
        fn();
      } catch (e) {
        this.options.onStreamError?.(e, reply);
      }
    };
    quietly(() => this.upstream.reset());
    if (!this.encode.headersAtSink) {
      // Nothing went to the client: it gets the reply straight from the codec, past the filters.
      const req = this.decode.headers;
      const built = buildLocalReply(
        {
          statusCode: reply.status,
          body: Buffer.from(reply.body),
          headers: [],
          grpcStatus: null,
          details: reply.details,
        },
        {
          isGrpc: (req?.get("content-type") ?? "").startsWith("application/grpc"),
          isHead: req?.get(":method") === "HEAD",
        },
      );
      this.info.responseCode = Number(built.headers.get(":status"));
      let sent = false;
      quietly(() => {
        this.downstream.headers(built.headers, built.body.length === 0);
        this.encode.headersAtSink = true;
        if (built.body.length > 0) this.downstream.data(built.body, true);
        sent = true;
      });
      if (sent) return quietly(() => this.finish("complete"));
    }
    quietly(() => this.downstream.reset(reply.details));
    quietly(() => this.finish("reset"));
    this.ended = true;
  }

  // ---- callbacks handed to each filter ------------------------------------------------------------

  private callbacksFor(index: number): FilterCallbacks {
    const decodeEntry = () => this.decode.entries[index];
    const encodeEntry = () => this.encode.entries[this.filters.length - 1 - index];
    const cont = (side: Side, e: Entry) => {
      if (this.ended || side.aborted) return;
      if (e.state === "continue") {
        this.options.onWarning?.(
          e.inCallback
            ? `continue_stream(${side.name}) was called from the ${side.name} callback that is about to return; Envoy ignores it (it asserts in debug builds): return Continue instead`
            : `continue_stream(${side.name}) on a ${side.name} that is not paused; Envoy ignores it (it asserts in debug builds)`,
        );
        return;
      }
      this.commonContinue(side, side.entries.indexOf(e));
    };
    return {
      streamInfo: this.info,
      // These four can run from a plugin's deferred actions, outside any event of this stream.
      continueDecoding: () => this.run(() => cont(this.decode, decodeEntry())),
      continueEncoding: () => this.run(() => cont(this.encode, encodeEntry())),
      sendLocalReply: (reply) => this.run(() => this.sendLocalReply(reply)),
      resetStream: (details) => this.run(() => this.resetStream(details)),
      decodingBuffer: () => this.decode.buffered,
      encodingBuffer: () => this.encode.buffered,
      addDecodedData: (data) => this.bufferData(this.decode, data, false),
      addEncodedData: (data) => this.bufferData(this.encode, data, false),
      addDecodedTrailers: () => (this.decode.trailers ??= new HeaderMap()),
      addEncodedTrailers: () => (this.encode.trailers ??= new HeaderMap()),
      clearRouteCache: () => this.options.onClearRouteCache?.(),
      setDecoderBufferLimit: (bytes) => {
        this.decode.limit = bytes;
      },
      setEncoderBufferLimit: (bytes) => {
        this.encode.limit = bytes;
      },
      warn: (message) => this.options.onWarning?.(message),
    };
  }
}
