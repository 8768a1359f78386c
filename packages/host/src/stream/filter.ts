// The HTTP filter contract between a filter and the filter manager (Envoy's
// StreamDecoderFilter / StreamEncoderFilter and their callbacks, include/envoy/http/filter.h),
// reduced to what the wasm filter and the gateway use.
import type { DataStatus, HeaderStatus, TrailerStatus } from "../abi/enums.js";
import type { HeaderPair } from "../abi/pairs.js";
import type { BodyBuffer } from "../context/body-buffer.js";
import type { HeaderMap } from "../context/header-map.js";
import type { StreamInfo } from "../context/stream-info.js";

export interface StreamFilter {
  decodeHeaders(headers: HeaderMap, endStream: boolean): HeaderStatus;
  decodeData(data: BodyBuffer, endStream: boolean): DataStatus;
  decodeTrailers(trailers: HeaderMap): TrailerStatus;
  encodeHeaders(headers: HeaderMap, endStream: boolean): HeaderStatus;
  encodeData(data: BodyBuffer, endStream: boolean): DataStatus;
  encodeTrailers(trailers: HeaderMap): TrailerStatus;
  /** Access log: the stream is complete (Envoy calls filters registered as access loggers). */
  onLog(access: AccessLogView): void;
  /** The stream is being destroyed. */
  onDestroy(): void;
  setCallbacks(callbacks: FilterCallbacks): void;
}

/** What the access-log phase sees (Envoy Formatter::Context): the stream's maps as they ended. */
export interface AccessLogView {
  requestHeaders: HeaderMap | null;
  responseHeaders: HeaderMap | null;
  responseTrailers: HeaderMap | null;
}

export interface LocalReplyRequest {
  statusCode: number;
  body: Uint8Array;
  /** Headers added to the reply (Envoy's modify_headers: addCopy, keys lower-cased). */
  headers: HeaderPair[];
  /** null: no grpc-status. */
  grpcStatus: number | null;
  details: string;
}

export interface FilterCallbacks {
  readonly streamInfo: StreamInfo;
  continueDecoding(): void;
  continueEncoding(): void;
  sendLocalReply(reply: LocalReplyRequest): void;
  resetStream(details: string): void;
  /** The body the manager buffered while this filter had stopped (Envoy decodingBuffer). */
  decodingBuffer(): BodyBuffer | null;
  encodingBuffer(): BodyBuffer | null;
  /** Moves data into the buffered body, with the buffer limit checked (Envoy addDecodedData). */
  addDecodedData(data: BodyBuffer): void;
  addEncodedData(data: BodyBuffer): void;
  /** Adds trailers from the last data callback (Envoy addDecodedTrailers). */
  addDecodedTrailers(): HeaderMap;
  addEncodedTrailers(): HeaderMap;
  clearRouteCache(): void;
  setDecoderBufferLimit(bytes: number): void;
  setEncoderBufferLimit(bytes: number): void;
  /** A warning about something the filter asked for that Envoy ignores (or asserts on). */
  warn(message: string): void;
}

/** The end of the decode chain: the router (gateway) or the test kit's recorder. */
export interface UpstreamSink {
  headers(headers: HeaderMap, endStream: boolean): void;
  data(data: Uint8Array, endStream: boolean): void;
  trailers(trailers: HeaderMap): void;
  /** The stream ended (local reply, reset, completion) before the upstream exchange finished. */
  reset(): void;
}

/** The end of the encode chain: the client connection (gateway) or the test kit's recorder. */
export interface DownstreamSink {
  headers(headers: HeaderMap, endStream: boolean): void;
  data(data: Uint8Array, endStream: boolean): void;
  trailers(trailers: HeaderMap): void;
  reset(details: string): void;
}
