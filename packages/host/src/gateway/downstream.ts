// The client side of a gateway stream: the request read from Node's HTTP server into the
// filter manager (end of stream on the last body chunk when the length is known, as Envoy's
// HTTP/1 codec does; trailers of a chunked request), and the response written back with
// Envoy's connection-manager touches (server header, content-length: 0 for a response that
// ends with its headers). A client that goes away resets the stream. Response headers the
// filters made unsendable are refused here, as Envoy's codec does, before anything is written;
// response bytes are written with back-pressure (see flow-control.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap } from "../context/header-map.js";
import type { FilterManager } from "../stream/filter-manager.js";
import type { DownstreamSink } from "../stream/filter.js";
import { needsZeroContentLength } from "../stream/http1-codec.js";
import { StreamFailure } from "../stream/stream-failure.js";
import type { BackpressuredWriter } from "./flow-control.js";
import { invalidEntry, refusalDetails, responseHeadersProblem } from "../stream/header-validity.js";
import { fromWire, toWire } from "./request-headers.js";

export class NodeResponseSink implements DownstreamSink {
  /** Set by the gateway: response body writes that pause the upstream when the client reads slowly. */
  writer: BackpressuredWriter | null = null;
  /** The response headers and trailers as sent (the access log's %RESP(X)% and %TRAILER(X)%). */
  sentHeaders: HeaderMap | null = null;
  sentTrailers: HeaderMap | null = null;

  constructor(
    private readonly res: ServerResponse,
    private readonly serverName: string,
  ) {}

  headers(headers: HeaderMap, endStream: boolean): void {
    const problem = responseHeadersProblem(headers);
    // Envoy answers a response the filters broke with 502 (checkRequiredResponseHeaders).
    if (problem)
      throw new StreamFailure(502, problem, refusalDetails("filter_removed_required_response_headers", problem));
    const status = Number(headers.get(":status"));
    this.sentHeaders = headers;
    const raw: string[] = [];
    let hasLength = false;
    for (const [k, v] of headers.toPairs()) {
      if (k.startsWith(":") || k === "server") continue;
      if (k === "content-length") hasLength = true;
      raw.push(k, toWire(v));
    }
    // Envoy's server_header_transformation OVERWRITE (the default).
    raw.push("server", this.serverName);
    if (needsZeroContentLength(status, endStream, hasLength)) raw.push("content-length", "0");
    this.res.writeHead(status, raw);
    if (endStream) this.res.end();
  }

  data(data: Uint8Array, endStream: boolean): void {
    if (data.length > 0) {
      if (this.writer) this.writer.write(data);
      else this.res.write(data);
    }
    if (endStream) this.res.end();
  }

  trailers(trailers: HeaderMap): void {
    const problem = invalidEntry(trailers);
    if (problem) throw new StreamFailure(502, problem, refusalDetails("invalid_response_trailers", problem));
    this.sentTrailers = trailers;
    this.res.addTrailers(trailers.toPairs().map(([k, v]) => [k, toWire(v)] as [string, string]));
    this.res.end();
  }

  reset(): void {
    this.res.destroy();
  }
}

/** Feeds a Node request into the filter manager, with Envoy's end-of-stream placement. */
export function pipeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  headers: HeaderMap,
  fm: FilterManager,
  onActivity: () => void,
): void {
  const cl = req.headers["content-length"];
  const chunked = /chunked/i.test(req.headers["transfer-encoding"] ?? "");
  let remaining: number | null = cl !== undefined && /^\d+$/.test(cl) ? Number(cl) : chunked ? null : 0;
  let ended = remaining === 0;
  fm.run(() => fm.decodeHeaders(headers, ended));
  req.on("data", (chunk: Buffer) => {
    onActivity();
    if (ended) return;
    let eos = false;
    if (remaining !== null) {
      remaining -= chunk.length;
      eos = remaining <= 0;
    }
    ended = eos;
    fm.run(() => fm.decodeData(chunk, eos));
  });
  req.on("end", () => {
    if (ended) return;
    ended = true;
    fm.run(() => {
      if (req.rawTrailers.length > 0) {
        const pairs: [string, string][] = [];
        for (let i = 0; i < req.rawTrailers.length; i += 2)
          pairs.push([req.rawTrailers[i].toLowerCase(), fromWire(req.rawTrailers[i + 1])]);
        fm.decodeTrailers(new HeaderMap(pairs));
      } else fm.decodeData(new Uint8Array(0), true);
    });
  });
  res.on("close", () => {
    if (!res.writableFinished) fm.run(() => fm.downstreamReset());
  });
}
