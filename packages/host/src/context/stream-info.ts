// What Envoy's StreamInfo knows about one request, as far as plugin properties read it
// (Envoy source/extensions/filters/common/expr/context.cc): route and cluster, addresses,
// timing, sizes, response code and details, and the filter state `proxy_set_property` writes.

export interface AddressInfo {
  /** "ip:port" as Envoy prints a socket address. */
  address: string;
  port: number;
}

export function parseAddress(address: string): AddressInfo {
  const i = address.lastIndexOf(":");
  const port = i >= 0 ? Number(address.slice(i + 1)) : 0;
  return { address, port: Number.isFinite(port) ? port : 0 };
}

export class StreamInfo {
  /** Wall clock at stream start, in nanoseconds. */
  readonly startTimeNanos: bigint;
  routeName = "";
  /** The upstream cluster of the matched route. */
  clusterName = "";
  source: AddressInfo = parseAddress("127.0.0.1:0");
  destination: AddressInfo = parseAddress("127.0.0.1:10000");
  connectionId = 0;
  protocol = "HTTP/1.1";
  upstream: AddressInfo | null = null;
  responseCode: number | null = null;
  responseCodeDetails: string | null = null;
  /** Envoy's response flags bitmask (0 when nothing went wrong). */
  responseFlags = 0;
  bytesReceived = 0;
  bytesSent = 0;
  /** Set when the request has been fully received (request.duration exists from then on). */
  requestCompleteNanos: bigint | null = null;
  /** Filter state written with proxy_set_property, keyed without the `wasm.` prefix. */
  readonly filterState = new Map<string, Uint8Array>();
  /** Properties set by the embedder (tests: route metadata, node, …), keyed by NUL-joined path. */
  readonly extraProperties = new Map<string, PropertyValue>();

  constructor(nowNanos: bigint) {
    this.startTimeNanos = nowNanos;
  }
}

/** A typed property value as Envoy serializes it (context.cc serializeValue). */
export type PropertyValue =
  | { type: "string"; value: string }
  | { type: "bytes"; value: Uint8Array }
  | { type: "int64"; value: bigint }
  | { type: "uint64"; value: bigint }
  | { type: "double"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "timestamp"; value: bigint }
  | { type: "duration"; value: bigint }
  | { type: "map"; value: [string, PropertyValue][] }
  | { type: "list"; value: PropertyValue[] };
