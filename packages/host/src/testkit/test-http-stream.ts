// One HTTP stream driven from a test (Higress wasm-go pkg/test: CallOnHttpRequestHeaders, …,
// CompleteHttp, GetLocalResponse, GetHttpStreamAction). Each call feeds the same filter
// manager the gateway uses and returns the status the plugin's callback gave Envoy.
import { DataStatus, HeaderStatus, TrailerStatus } from "../abi/enums.js";
import type { HeaderPair } from "../abi/pairs.js";
import type { BodyBuffer } from "../context/body-buffer.js";
import { HeaderMap } from "../context/header-map.js";
import type { FilterManager } from "../stream/filter-manager.js";
import type { AccessLogView, FilterCallbacks, StreamFilter } from "../stream/filter.js";
import type { WasmHttpFilter } from "../stream/wasm-http-filter.js";
import type { DownstreamRecorder, RecordedMessage, UpstreamRecorder } from "./recorders.js";

export type HeadersInput = readonly HeaderPair[] | Record<string, string>;

function toPairs(headers: HeadersInput): HeaderPair[] {
  return Array.isArray(headers) ? headers.map(([k, v]) => [k, v]) : Object.entries(headers);
}

export interface LocalResponse {
  statusCode: number;
  /** Headers the client receives, after the plugin's own response callbacks ran on the reply. */
  headers: HeaderPair[];
  body: Buffer;
  details: string;
  /** -1 when no gRPC status was given. */
  grpcStatus: number;
}

export type HttpStreamAction = "continue" | "paused" | "local-reply" | "reset";

type Phase = "decodeHeaders" | "decodeData" | "decodeTrailers" | "encodeHeaders" | "encodeData" | "encodeTrailers";

/** Wraps the wasm filter to see the status of each callback a test call caused. */
export class StatusRecorder implements StreamFilter {
  statuses: Partial<Record<Phase, number>> = {};
  constructor(readonly inner: WasmHttpFilter) {}
  private note<T extends number>(phase: Phase, status: T): T {
    if (!(phase in this.statuses)) this.statuses[phase] = status;
    return status;
  }
  setCallbacks(c: FilterCallbacks): void {
    this.inner.setCallbacks(c);
  }
  decodeHeaders(h: HeaderMap, e: boolean) {
    return this.note("decodeHeaders", this.inner.decodeHeaders(h, e));
  }
  decodeData(d: BodyBuffer, e: boolean) {
    return this.note("decodeData", this.inner.decodeData(d, e));
  }
  decodeTrailers(t: HeaderMap) {
    return this.note("decodeTrailers", this.inner.decodeTrailers(t));
  }
  encodeHeaders(h: HeaderMap, e: boolean) {
    return this.note("encodeHeaders", this.inner.encodeHeaders(h, e));
  }
  encodeData(d: BodyBuffer, e: boolean) {
    return this.note("encodeData", this.inner.encodeData(d, e));
  }
  encodeTrailers(t: HeaderMap) {
    return this.note("encodeTrailers", this.inner.encodeTrailers(t));
  }
  onLog(a: AccessLogView): void {
    this.inner.onLog(a);
  }
  onDestroy(): void {
    this.inner.onDestroy();
  }
}

const bytesOf = (body: string | Uint8Array) => (typeof body === "string" ? Buffer.from(body, "utf8") : body);

export class TestHttpStream {
  constructor(
    readonly manager: FilterManager,
    private readonly recorder: StatusRecorder,
    private readonly upstream: UpstreamRecorder,
    private readonly downstream: DownstreamRecorder,
    private readonly afterEvent: () => void,
    private readonly requestId: string | undefined,
  ) {}

  /** The plugin's context id for this stream. */
  get contextId(): number {
    return this.recorder.inner.id;
  }

  private drive<T extends number>(phase: Phase, run: () => void, notCalled: T): T {
    this.recorder.statuses = {};
    run();
    this.afterEvent();
    return (this.recorder.statuses[phase] as T | undefined) ?? notCalled;
  }

  /**
   * Delivers request headers and returns the status Envoy acts on. The filter manager holds
   * later data while the plugin has stopped; a call that did not reach the plugin returns the
   * stop status that describes what happened to its input.
   */
  callOnHttpRequestHeaders(headers: HeadersInput, endOfStream = false): HeaderStatus {
    const map = new HeaderMap(toPairs(headers));
    if (this.requestId !== undefined && map.get("x-request-id") === undefined) map.add("x-request-id", this.requestId);
    return this.drive(
      "decodeHeaders",
      () => this.manager.decodeHeaders(map, endOfStream),
      HeaderStatus.StopAllIterationAndWatermark,
    );
  }

  /** Delivers a request body chunk (the last one by default). */
  callOnHttpRequestBody(body: string | Uint8Array, endOfStream = true): DataStatus {
    return this.drive(
      "decodeData",
      () => this.manager.decodeData(bytesOf(body), endOfStream),
      DataStatus.StopIterationAndBuffer,
    );
  }

  callOnHttpRequestTrailers(trailers: HeadersInput): TrailerStatus {
    return this.drive(
      "decodeTrailers",
      () => this.manager.decodeTrailers(new HeaderMap(toPairs(trailers))),
      TrailerStatus.StopIteration,
    );
  }

  /** Delivers the upstream's response headers (`:status` included). */
  callOnHttpResponseHeaders(headers: HeadersInput, endOfStream = false): HeaderStatus {
    return this.drive(
      "encodeHeaders",
      () => this.manager.encodeHeaders(new HeaderMap(toPairs(headers)), endOfStream),
      HeaderStatus.StopAllIterationAndWatermark,
    );
  }

  callOnHttpResponseBody(body: string | Uint8Array, endOfStream = true): DataStatus {
    return this.drive(
      "encodeData",
      () => this.manager.encodeData(bytesOf(body), endOfStream),
      DataStatus.StopIterationAndBuffer,
    );
  }

  callOnHttpResponseTrailers(trailers: HeadersInput): TrailerStatus {
    return this.drive(
      "encodeTrailers",
      () => this.manager.encodeTrailers(new HeaderMap(toPairs(trailers))),
      TrailerStatus.StopIteration,
    );
  }

  /**
   * Ends the stream. If it has not ended (response sent, local reply, reset), the client goes
   * away: Envoy resets the stream, which still runs log, done and delete.
   */
  completeHttp(): void {
    this.manager.downstreamReset();
    this.afterEvent();
  }

  /** True once log, done and delete have run. */
  get isComplete(): boolean {
    return this.manager.ended;
  }

  /** The request headers as the plugin can see them now; null once Envoy released them. */
  getRequestHeaders(): HeaderPair[] | null {
    return this.recorder.inner.readableMap(0)?.toPairs() ?? null;
  }

  /** The response headers as the plugin can see them now; null when it cannot. */
  getResponseHeadersSeenByPlugin(): HeaderPair[] | null {
    return this.recorder.inner.readableMap(2)?.toPairs() ?? null;
  }

  /** What went upstream once the request continued: headers, body so far, trailers. */
  getUpstreamRequest(): RecordedMessage | null {
    return this.upstream.message;
  }

  /** True if the upstream exchange was abandoned (local reply or reset) before it finished. */
  get upstreamReset(): boolean {
    return this.upstream.wasReset;
  }

  /** The response headers as the client receives them. */
  getResponseHeaders(): HeaderPair[] | null {
    return this.downstream.message?.headers ?? null;
  }

  getResponseBody(): Buffer | null {
    return this.downstream.message?.body ?? null;
  }

  getResponseTrailers(): HeaderPair[] | null {
    return this.downstream.message?.trailers ?? null;
  }

  /** The local reply the client received (from the plugin, a limit, or a VM failure), if any. */
  getLocalResponse(): LocalResponse | null {
    const r = this.manager.localReply;
    if (!r) return null;
    const m = this.downstream.message;
    return {
      statusCode: Number(m?.headers.find(([k]) => k === ":status")?.[1] ?? r.statusCode),
      headers: m?.headers ?? [],
      body: m?.body ?? Buffer.alloc(0),
      details: r.details,
      grpcStatus: r.grpcStatus ?? -1,
    };
  }

  /** How the stream stands: continuing, paused by the plugin, answered locally, or reset. */
  getHttpStreamAction(): HttpStreamAction {
    if (this.manager.localReply) return "local-reply";
    if (this.manager.endReason === "reset") return "reset";
    if (this.manager.pausedAt("request") !== null || this.manager.pausedAt("response") !== null) return "paused";
    return "continue";
  }

  /** Details Envoy recorded for the response (e.g. wasm_fail_stream, request_payload_too_large). */
  get responseCodeDetails(): string | null {
    return this.manager.info.responseCodeDetails;
  }
}
