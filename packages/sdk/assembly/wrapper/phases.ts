// Streams of plugins that register more than a request-header callback: body buffering or
// streaming, response callbacks and stream done, with Higress's rules for skipping bodies
// (binary content, websocket upgrades, no matching config).
import { BufferType, DataAction, HeaderAction } from "../abi/enums";
import * as types from "../abi/types";
import { StreamContext } from "../context/stream-context";
import { getBuffer, replaceBuffer } from "../proxywasm/buffer";
import { getHttpRequestHeader, getHttpResponseHeader } from "../proxywasm/headers";
import { BodyFn, HeadersFn, StreamDoneFn, StreamingBodyFn } from "./callbacks";
import { pluginLog } from "./log";
import { PhaseSpec, PluginStream } from "./plugin-spec";
import { newBytes } from "../abi/memory";
import { HTTPExecutionPhase } from "./execution-phase";
import {
  checkRebuild,
  enterPhase,
  routeCallResponseBody,
  routeCallResponseHeaders,
  streamingResponsePaused,
} from "./stream-hooks";

/** The callbacks beyond request headers; created by the first option that needs one. */
class PhaseCallbacks<C> extends PhaseSpec<C> {
  requestBody: BodyFn<C> | null = null;
  streamingRequestBody: StreamingBodyFn<C> | null = null;
  responseHeaders: HeadersFn<C> | null = null;
  responseBody: BodyFn<C> | null = null;
  streamingResponseBody: StreamingBodyFn<C> | null = null;
  streamDone: StreamDoneFn<C> | null = null;

  newStream(id: u32, rootId: u32): StreamContext {
    return new PhasedStream<C>(id, rootId, this);
  }
}

/** Returns the spec's PhaseCallbacks, creating it on first use. */
export function phasesOf<C>(spec: Object | null): PhaseCallbacks<C> {
  return spec instanceof PhaseCallbacks<C> ? changetype<PhaseCallbacks<C>>(spec) : new PhaseCallbacks<C>();
}

class PhasedStream<C> extends PluginStream<C> {
  private matched: bool;
  // Bytes seen so far in each direction (see body()).
  private requestBodySize: usize;
  private responseBodySize: usize;

  constructor(
    id: u32,
    rootId: u32,
    private readonly phases: PhaseCallbacks<C>,
  ) {
    super(id, rootId);
    this.state.needRequestBody = phases.requestBody !== null || phases.streamingRequestBody !== null;
    this.state.needResponseBody = phases.responseBody !== null || phases.streamingResponseBody !== null;
    this.state.streamingRequestBody = phases.streamingRequestBody !== null;
    this.state.streamingResponseBody = phases.streamingResponseBody !== null;
  }

  onRequestHeaders(numHeaders: u32, endOfStream: bool): HeaderAction {
    // Phase recording, rebuild checks, route calls and pauses below are compiled away unless the
    // plugin uses them (see their files).
    enterPhase(changetype<usize>(this), HTTPExecutionPhase.DecodeHeader);
    checkRebuild();
    this.requestEndOfStream = endOfStream;
    // Envoy drops the request headers once this phase continues: keep what later phases need.
    this.cacheRequestFacts();
    this.state.requestConnection = getHttpRequestHeader("connection");
    this.state.requestUpgrade = getHttpRequestHeader("upgrade");
    this.state.requestContentType = getHttpRequestHeader("content-type");
    this.state.requestContentEncoding = getHttpRequestHeader("content-encoding");
    if (!this.matchConfig()) return types.HeaderContinue;
    this.matched = true;
    if (this.isBinaryRequestBody()) this.state.needRequestBody = false;
    if (this.isWebsocket()) {
      this.state.needRequestBody = false;
      this.state.needResponseBody = false;
    }
    return this.runRequestHeaders();
  }

  onRequestBody(bodySize: usize, endOfStream: bool): DataAction {
    enterPhase(changetype<usize>(this), HTTPExecutionPhase.DecodeData);
    if (!this.matched || !this.state.needRequestBody) return types.DataContinue;
    const streaming = this.state.streamingRequestBody ? this.phases.streamingRequestBody : null;
    this.requestBodySize += bodySize;
    return this.body(
      BufferType.HttpRequestBody,
      streaming,
      this.phases.requestBody,
      bodySize,
      this.requestBodySize,
      endOfStream,
    );
  }

  /**
   * One body callback for either direction: a streaming callback rewrites the chunk; a buffered
   * one waits (StopIterationAndBuffer) for the end of the stream and gets everything seen so
   * far (Envoy hands over the accumulated body; the host clamps reads, so asking for at least
   * that much always gets all of it).
   */
  private body(
    type: BufferType,
    streaming: StreamingBodyFn<C> | null,
    buffered: BodyFn<C> | null,
    chunkSize: usize,
    seen: usize,
    endOfStream: bool,
  ): DataAction {
    if (streaming !== null) {
      const chunk = getBuffer(type, 0, <u32>chunkSize);
      replaceBuffer<ArrayBuffer>(
        type,
        streaming(this, this.config, chunk !== null ? chunk : newBytes(0), endOfStream, pluginLog),
      );
      return types.DataContinue;
    }
    if (buffered === null) return types.DataContinue;
    if (!endOfStream) return types.DataStopIterationAndBuffer;
    const body = getBuffer(type, 0, <u32>(seen > chunkSize ? seen : chunkSize));
    if (body === null) {
      pluginLog.warn("cannot read the body");
      return types.DataContinue;
    }
    return buffered(this, this.config, body, pluginLog);
  }

  onResponseHeaders(numHeaders: u32, endOfStream: bool): HeaderAction {
    enterPhase(changetype<usize>(this), HTTPExecutionPhase.EncodeHeader);
    this.state.responseEndOfStream = endOfStream;
    this.state.responseContentType = getHttpResponseHeader("content-type");
    this.state.responseContentEncoding = getHttpResponseHeader("content-encoding");
    if (!this.matched) return types.HeaderContinue;
    if (this.isBinaryResponseBody()) this.state.needResponseBody = false;
    const routed = routeCallResponseHeaders(changetype<usize>(this), endOfStream);
    if (routed >= 0) return <HeaderAction>routed;
    const fn = this.phases.responseHeaders;
    return fn !== null ? fn(this, this.config, pluginLog) : types.HeaderContinue;
  }

  onResponseBody(bodySize: usize, endOfStream: bool): DataAction {
    enterPhase(changetype<usize>(this), HTTPExecutionPhase.EncodeData);
    if (!this.matched || !this.state.needResponseBody) return types.DataContinue;
    const routed = routeCallResponseBody(changetype<usize>(this), bodySize, endOfStream);
    if (routed >= 0) return <DataAction>routed;
    const streaming = this.state.streamingResponseBody ? this.phases.streamingResponseBody : null;
    this.responseBodySize += bodySize;
    const action = this.body(
      BufferType.HttpResponseBody,
      streaming,
      this.phases.responseBody,
      bodySize,
      this.responseBodySize,
      endOfStream,
    );
    return streaming !== null && streamingResponsePaused(changetype<usize>(this))
      ? types.DataStopIterationNoBuffer
      : action;
  }

  onDone(): bool {
    enterPhase(changetype<usize>(this), HTTPExecutionPhase.Done);
    const fn = this.phases.streamDone;
    if (this.matched && fn !== null) fn(this, this.config, pluginLog);
    return true;
  }
}
