// The wasm HTTP filter for one stream: Envoy's Context as an HTTP filter
// (source/extensions/common/wasm/context.cc decodeHeaders … encodeTrailers, log, onDestroy,
// getMap/getConstMap/getBuffer, continueStream, closeStream, sendLocalResponse, setProperty)
// over cpp-host's ContextBase callbacks (src/context.cc onRequestHeaders …, CHECK_FAIL_HTTP).
//
// Header-map lifetime is Envoy's: the filter holds a map only while the plugin may touch it.
// Request headers are dropped once on_request_headers returns Continue or on any
// continue_stream; response maps once their callback returns Continue. In on_log the stream's
// final maps are readable again.
import {
  BufferType,
  DataStatus,
  HeaderStatus,
  LogLevel,
  MapType,
  StreamType,
  TrailerStatus,
  WasmResult,
} from "../abi/enums.js";
import type { BodyBuffer } from "../context/body-buffer.js";
import { ContextState, type LocalReply, type RootContextLike } from "../context/context-state.js";
import type { HeaderMap } from "../context/header-map.js";
import { BodyWasmBuffer, ConstBuffer, type WasmBuffer } from "../context/wasm-buffer.js";
import type { AccessLogView, FilterCallbacks, StreamFilter } from "./filter.js";
import type { FilterPlugin } from "./filter-plugin.js";
import { convertDataStatus, convertHeaderStatus, convertTrailerStatus } from "./status.js";
import type { StreamInfo } from "../context/stream-info.js";

const EMPTY_BODY = new ConstBuffer();

export class WasmHttpFilter extends ContextState implements StreamFilter {
  private callbacks!: FilterCallbacks;
  private requestHeaders: HeaderMap | null = null;
  private requestTrailers: HeaderMap | null = null;
  private responseHeaders: HeaderMap | null = null;
  private responseTrailers: HeaderMap | null = null;
  private requestBody: BodyBuffer | null = null;
  private responseBody: BodyBuffer | null = null;
  private bufferingRequestBody = false;
  private bufferingResponseBody = false;
  private endOfStream = false;
  /** Envoy in_vm_context_created_: on_context_create ran (or was skipped on a failed VM). */
  private created = false;
  private destroyed = false;
  private streamFailed = false;
  private failureLocalReplySent = false;
  private localReplies = 0;
  private accessLog: AccessLogView | null = null;
  /** Higress `clear_route_cache` = `off`: header edits keep the route. */
  private keepRouteOnHeaderEdits = false;

  constructor(
    readonly plugin: FilterPlugin,
    id: number,
  ) {
    super(id);
  }

  get isRoot(): boolean {
    return false;
  }

  root(): RootContextLike {
    return this.plugin.root;
  }

  setCallbacks(callbacks: FilterCallbacks): void {
    this.callbacks = callbacks;
  }

  override streamInfo(): StreamInfo | null {
    return this.callbacks?.streamInfo ?? null;
  }

  /** What property reads see: live maps, or the access-log maps in on_log (Envoy findValue's activation). */
  propertyView() {
    return {
      info: this.callbacks.streamInfo,
      requestHeaders: this.requestHeaders ?? this.accessLog?.requestHeaders ?? null,
      responseHeaders: this.responseHeaders ?? this.accessLog?.responseHeaders ?? null,
      responseTrailers: this.responseTrailers ?? this.accessLog?.responseTrailers ?? null,
    };
  }

  // ---- failure handling (cpp-host CHECK_FAIL_HTTP) -------------------------------------------

  private get isFailed(): boolean {
    return this.plugin.failed;
  }

  /** null while the VM is healthy; otherwise the status Envoy returns (and the 503 it sends once). */
  private failCheck<T>(open: T, closed: T): T | null {
    if (!this.isFailed) return null;
    if (this.plugin.config.failurePolicy === "FAIL_IGNORE") return open;
    if (!this.streamFailed) {
      this.streamFailed = true;
      this.failStream();
    }
    return closed;
  }

  /** Envoy Context::failStream: an empty 503, details wasm_fail_stream, gRPC status 14 (Unavailable). */
  private failStream(): void {
    if (this.failureLocalReplySent) return;
    this.failureLocalReplySent = true;
    this.callbacks.sendLocalReply({
      statusCode: 503,
      body: new Uint8Array(0),
      headers: [],
      grpcStatus: 14,
      details: "wasm_fail_stream",
    });
  }

  /** One callback into the module; Envoy's deferred actions run when it returns. */
  private callModule<T>(
    name: string,
    args: number[],
    convert: (raw: number, stopped: boolean) => T,
    open: T,
    closed: T,
  ): T {
    const early = this.failCheck(open, closed);
    if (early !== null) return early;
    const vm = this.plugin.vm;
    if (!vm.has(name)) return open;
    try {
      const raw = vm.call(name, this.id, this.id, ...args);
      const failed = this.failCheck(open, closed);
      if (failed !== null) return failed;
      return convert(raw ?? 0, vm.stopNextIteration);
    } finally {
      vm.finishCallback();
    }
  }

  private onCreate(): void {
    if (!this.isFailed && !this.created)
      this.plugin.invoke("proxy_on_context_create", this.id, this.id, this.plugin.root.id);
    this.created = true;
  }

  private headerStatus(name: string, n: number, eos: boolean): HeaderStatus {
    const allow = this.plugin.abiVersion === "0_2_100" || this.plugin.config.allowOnHeadersStopIteration;
    // ABI 0.1.0 header callbacks take no end-of-stream flag.
    const args = this.plugin.abiVersion === "0_1_0" ? [n] : [n, eos ? 1 : 0];
    return this.callModule(
      name,
      args,
      (raw, stopped) => convertHeaderStatus(raw, stopped, allow),
      HeaderStatus.Continue,
      HeaderStatus.StopAllIterationAndWatermark,
    );
  }

  private dataStatus(name: string, size: number, eos: boolean): DataStatus {
    return this.callModule(
      name,
      [size, eos ? 1 : 0],
      convertDataStatus,
      DataStatus.Continue,
      DataStatus.StopIterationNoBuffer,
    );
  }

  private trailerStatus(name: string, n: number): TrailerStatus {
    return this.callModule(name, [n], convertTrailerStatus, TrailerStatus.Continue, TrailerStatus.StopIteration);
  }

  // ---- StreamFilter -----------------------------------------------------------------------------

  decodeHeaders(headers: HeaderMap, endStream: boolean): HeaderStatus {
    this.onCreate();
    this.requestHeaders = headers;
    this.endOfStream = endStream;
    const status = this.headerStatus("proxy_on_request_headers", headers.size, endStream);
    if (status === HeaderStatus.Continue) this.requestHeaders = null;
    return status;
  }

  decodeData(data: BodyBuffer, endStream: boolean): DataStatus {
    if (!this.created) return DataStatus.Continue;
    if (this.bufferingRequestBody) {
      // The plugin asked to buffer: it sees everything received so far.
      this.callbacks.addDecodedData(data);
      if (this.destroyed) return DataStatus.StopIterationAndBuffer; // the buffer limit answered 413
    }
    this.requestBody = data;
    this.endOfStream = endStream;
    const size = this.bodyBuffer(BufferType.HttpRequestBody).size();
    const status = this.dataStatus("proxy_on_request_body", size, endStream);
    this.bufferingRequestBody = status === DataStatus.StopIterationAndBuffer;
    if (status === DataStatus.Continue) this.requestBody = null;
    return status;
  }

  decodeTrailers(trailers: HeaderMap): TrailerStatus {
    if (!this.created) return TrailerStatus.Continue;
    this.requestTrailers = trailers;
    const status = this.trailerStatus("proxy_on_request_trailers", trailers.size);
    if (status === TrailerStatus.Continue) this.requestTrailers = null;
    return status;
  }

  encodeHeaders(headers: HeaderMap, endStream: boolean): HeaderStatus {
    if (!this.created || this.failureLocalReplySent) return HeaderStatus.Continue;
    this.responseHeaders = headers;
    this.endOfStream = endStream;
    const status = this.headerStatus("proxy_on_response_headers", headers.size, endStream);
    if (status === HeaderStatus.Continue) this.responseHeaders = null;
    return status;
  }

  encodeData(data: BodyBuffer, endStream: boolean): DataStatus {
    if (!this.created || this.failureLocalReplySent) return DataStatus.Continue;
    if (this.bufferingResponseBody) {
      this.callbacks.addEncodedData(data);
      if (this.destroyed) return DataStatus.StopIterationAndBuffer;
    }
    this.responseBody = data;
    this.endOfStream = endStream;
    const size = this.bodyBuffer(BufferType.HttpResponseBody).size();
    const status = this.dataStatus("proxy_on_response_body", size, endStream);
    this.bufferingResponseBody = status === DataStatus.StopIterationAndBuffer;
    if (status === DataStatus.Continue) this.responseBody = null;
    return status;
  }

  encodeTrailers(trailers: HeaderMap): TrailerStatus {
    if (!this.created || this.failureLocalReplySent) return TrailerStatus.Continue;
    this.responseTrailers = trailers;
    const status = this.trailerStatus("proxy_on_response_trailers", trailers.size);
    if (status === TrailerStatus.Continue) this.responseTrailers = null;
    return status;
  }

  /** Envoy Context::log: creates the context if the request never reached it, then on_log with the final maps. */
  onLog(access: AccessLogView): void {
    if (!this.created) this.onCreate();
    this.accessLog = access;
    try {
      if (!this.isFailed && this.plugin.vm.has("proxy_on_log")) this.plugin.invoke("proxy_on_log", this.id, this.id);
    } finally {
      this.accessLog = null;
    }
  }

  /** Envoy Context::onDestroy: on_done (its result is ignored for streams), then on_delete. */
  onDestroy(): void {
    if (this.destroyed || !this.created) {
      this.plugin.forgetContext(this.id);
      return;
    }
    this.destroyed = true;
    if (!this.isFailed) this.plugin.invoke("proxy_on_done", this.id, this.id);
    if (!this.isFailed) this.plugin.invoke("proxy_on_delete", this.id, this.id);
    this.plugin.forgetContext(this.id);
  }

  // ---- what host calls see (ContextState) -----------------------------------------------------

  override get inAccessLogPhase(): boolean {
    return this.accessLog !== null;
  }

  override readableMap(type: MapType): HeaderMap | null {
    const log = this.accessLog;
    switch (type) {
      case MapType.HttpRequestHeaders:
        return log ? log.requestHeaders : this.requestHeaders;
      case MapType.HttpRequestTrailers:
        return log ? null : this.requestTrailers;
      case MapType.HttpResponseHeaders:
        return log ? log.responseHeaders : this.responseHeaders;
      case MapType.HttpResponseTrailers:
        return log ? log.responseTrailers : this.responseTrailers;
      default:
        return super.readableMap(type);
    }
  }

  override writableMap(type: MapType): HeaderMap | null {
    switch (type) {
      case MapType.HttpRequestHeaders:
        return this.requestHeaders;
      case MapType.HttpRequestTrailers:
        // Trailers can be added from the last body callback (Envoy addDecodedTrailers).
        if (!this.requestTrailers && this.requestBody && this.endOfStream)
          this.requestTrailers = this.callbacks.addDecodedTrailers();
        return this.requestTrailers;
      case MapType.HttpResponseHeaders:
        return this.responseHeaders;
      case MapType.HttpResponseTrailers:
        if (!this.responseTrailers && this.responseBody && this.endOfStream)
          this.responseTrailers = this.callbacks.addEncodedTrailers();
        return this.responseTrailers;
      default:
        return null;
    }
  }

  override headersModified(type: MapType): void {
    if (type === MapType.HttpRequestHeaders && !this.keepRouteOnHeaderEdits) this.callbacks.clearRouteCache();
  }

  override clearRouteCache(): void {
    this.callbacks.clearRouteCache();
  }

  /** The body the plugin sees: everything buffered while it buffers, else the current chunk; empty outside body callbacks. */
  private bodyBuffer(type: BufferType.HttpRequestBody | BufferType.HttpResponseBody): WasmBuffer {
    const request = type === BufferType.HttpRequestBody;
    const buffering = request ? this.bufferingRequestBody : this.bufferingResponseBody;
    const body = buffering
      ? request
        ? this.callbacks.decodingBuffer()
        : this.callbacks.encodingBuffer()
      : request
        ? this.requestBody
        : this.responseBody;
    return body ? new BodyWasmBuffer(body) : EMPTY_BODY;
  }

  override buffer(type: BufferType): WasmBuffer | null {
    if (type === BufferType.HttpRequestBody || type === BufferType.HttpResponseBody) return this.bodyBuffer(type);
    return super.buffer(type);
  }

  override continueStream(type: StreamType): WasmResult {
    const vm = this.plugin.vm;
    switch (type) {
      case StreamType.HttpRequest:
        vm.deferAfterCall(() => this.callbacks.continueDecoding());
        break;
      case StreamType.HttpResponse:
        vm.deferAfterCall(() => this.callbacks.continueEncoding());
        break;
      case StreamType.Downstream:
        return WasmResult.Ok; // no network filter here
      case StreamType.Upstream:
        return WasmResult.Unimplemented;
      default:
        return WasmResult.BadArgument;
    }
    // Either direction releases the *request* maps (Envoy Context::continueStream).
    this.requestHeaders = null;
    this.requestBody = null;
    this.requestTrailers = null;
    return WasmResult.Ok;
  }

  override closeStream(type: StreamType): WasmResult {
    if (type === StreamType.HttpRequest || type === StreamType.HttpResponse) {
      const info = this.callbacks.streamInfo;
      info.responseCodeDetails ??= "wasm_close_stream";
      this.plugin.vm.deferAfterCall(() => this.callbacks.resetStream("wasm_close_stream"));
    }
    return WasmResult.Ok;
  }

  override sendLocalResponse(reply: LocalReply): WasmResult {
    // Higress's Envoy 1.27 fork (context.cc Context::sendLocalResponse, `local_reply_hold_`)
    // answers a second call with BadArgument and sends nothing; upstream Envoy since ~1.33
    // (envoyproxy/envoy#36809) removed that guard.
    const higress = this.plugin.flavor === "higress";
    if (higress && this.localReplies > 0) return WasmResult.BadArgument;
    this.localReplies++;
    // Higress's Envoy names the plugin in the details: via_wasm::<plugin name>::<details>
    // (what its plugins read back from response.code_details; see docs/host-fidelity.md).
    const details = higress ? `via_wasm::${this.plugin.config.name}::${reply.details}` : reply.details;
    this.plugin.vm.deferAfterCall(() =>
      this.callbacks.sendLocalReply({
        statusCode: reply.statusCode,
        body: reply.body,
        headers: reply.headers,
        grpcStatus: reply.grpcStatus < 0 ? null : reply.grpcStatus,
        details,
      }),
    );
    return WasmResult.Ok;
  }

  override setProperty(key: string, value: Uint8Array): WasmResult {
    const info = this.callbacks.streamInfo;
    if (this.plugin.flavor === "higress") this.higressPropertyEffect(key, Buffer.from(value).toString("utf8"));
    info.filterState.set(key, Uint8Array.from(value));
    return WasmResult.Ok;
  }

  /** Keys Higress's Envoy acts on when a plugin sets them. */
  private higressPropertyEffect(key: string, value: string): void {
    if (key === "clear_route_cache") this.keepRouteOnHeaderEdits = value === "off";
    else if (key === "set_decoder_buffer_limit" || key === "set_encoder_buffer_limit") {
      const n = /^\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isFinite(n)) {
        this.plugin.hostLog(LogLevel.Warn, `set_property ${key}: "${value}" is not a byte count; ignored`);
        return;
      }
      if (key === "set_decoder_buffer_limit") this.callbacks.setDecoderBufferLimit(n);
      else this.callbacks.setEncoderBufferLimit(n);
    }
  }
}
