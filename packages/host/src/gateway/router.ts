// The router at the end of the decoder chain (Envoy source/common/router/router.cc): sends
// the request to the route's cluster over HTTP/1.1 with bodies streamed, adds
// x-envoy-expected-rq-timeout-ms, feeds the response back through the encoder chain with
// x-envoy-upstream-service-time, and answers with Envoy's local replies when there is no
// route (404), no cluster or endpoint (503), the connection fails (503) or the route timeout
// fires (504, counted from the end of the request). Request headers the filters made
// unsendable get Envoy's 503 (the upstream codec's refusal, see stream/header-validity.ts); the
// request body is written with back-pressure that stops reading the client (flow-control.ts).
import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import type { HeaderPair } from "../abi/pairs.js";
import {
  CONNECT_TIMEOUT_TEXT,
  connectFailureText,
  NO_HEALTHY_UPSTREAM_TEXT,
  RESET_BEFORE_HEADERS_TEXT,
  UPSTREAM_TIMEOUT_TEXT,
} from "../clusters/async-client-replies.js";
import { connectErrno, watchConnect } from "../clusters/connect-timeout.js";
import { HOP_BY_HOP } from "../clusters/hop-by-hop.js";
import type { UpstreamClusters } from "../clusters/upstream-clusters.js";
import { DEFAULT_BUFFER_LIMIT_BYTES } from "../plugin/plugin-config.js";
import { HeaderMap } from "../context/header-map.js";
import type { FilterManager } from "../stream/filter-manager.js";
import type { UpstreamSink } from "../stream/filter.js";
import type { Route } from "./config-model.js";
import { BackpressuredWriter, ReadGate } from "./flow-control.js";
import { invalidEntry, refusalDetails, requestHeadersProblem } from "../stream/header-validity.js";
import { fromWire, toWire } from "./request-headers.js";

export interface RouterOptions {
  clusters: UpstreamClusters;
  /** The route for the request as it is now (re-matched after a filter cleared the route cache). */
  route: () => Route | null;
  warn: (message: string) => void;
  /** Pauses reading the client's request (shared with the filter chain's watermark buffering). */
  requestGate: ReadGate;
  /** Something moved on the stream (the stream idle timer restarts). */
  onActivity: () => void;
  /** Counts the upstream's flow-control pause: it reads the request slower than the client sends it. */
  onRequestBackpressure: () => void;
}

export class Router implements UpstreamSink {
  private fm!: FilterManager;
  private req: ClientRequest | null = null;
  private responseStarted = false;
  private done = false;
  private timer: NodeJS.Timeout | null = null;
  private sentAt = 0;
  private bodyBytes = 0;
  private declaredLength: number | null = null;
  private upstreamResponse: IncomingMessage | null = null;
  private requestWriter: BackpressuredWriter | null = null;
  /** Pauses reading the upstream response: the filters' watermark buffering, or a client that reads slowly. */
  readonly responseGate = new ReadGate((paused) => {
    if (paused) this.upstreamResponse?.pause();
    else this.upstreamResponse?.resume();
  });

  constructor(private readonly options: RouterOptions) {}

  attach(fm: FilterManager): void {
    this.fm = fm;
  }

  private reply(statusCode: number, body: string, details: string): void {
    this.done = true;
    this.fm.sendLocalReply({ statusCode, body: Buffer.from(body), headers: [], grpcStatus: null, details });
  }

  headers(headers: HeaderMap, endStream: boolean): void {
    const route = this.options.route();
    if (!route) return this.reply(404, "", "route_not_found");
    const action = route.action;
    if (action.kind === "direct") return this.reply(action.status, action.body, "direct_response");
    const clusters = this.options.clusters;
    if (!clusters.hasCluster(action.cluster)) return this.reply(503, "", "cluster_not_found");
    const endpoint = clusters.pickEndpoint(action.cluster);
    if (!endpoint) return this.reply(503, NO_HEALTHY_UPSTREAM_TEXT, "no_healthy_upstream");
    const problem = requestHeadersProblem(headers);
    if (problem) {
      this.options.warn(`request not sent upstream: ${problem} (Envoy's codec refuses it: 503)`);
      return this.reply(503, problem, refusalDetails("filter_removed_required_request_headers", problem));
    }

    const original = headers.get(":path") ?? "/";
    let path = original;
    const route0 = route.match;
    if (action.prefixRewrite !== null && route0.kind === "prefix")
      path = action.prefixRewrite + path.slice(route0.value.length);
    const raw: string[] = ["host", toWire(action.hostRewrite ?? headers.get(":authority") ?? "")];
    if (path !== original) raw.push("x-envoy-original-path", toWire(original));
    for (const [k, v] of headers.toPairs()) {
      if (k.startsWith(":") || HOP_BY_HOP.has(k)) continue;
      raw.push(k, toWire(v));
    }
    if (action.timeoutMs > 0) raw.push("x-envoy-expected-rq-timeout-ms", String(action.timeoutMs));
    const cl = headers.get("content-length");
    this.declaredLength = cl !== undefined && /^\d+$/.test(cl) ? Number(cl) : null;

    this.fm.info.upstream = { address: `${endpoint.host}:${endpoint.port}`, port: endpoint.port };
    this.sentAt = Date.now();
    const req = httpRequest({
      host: endpoint.host,
      port: endpoint.port,
      method: headers.get(":method"),
      // The path's UTF-8 bytes, as Envoy sends them (Node would write each character as one Latin-1 byte).
      path: toWire(path),
      headers: raw,
      agent: clusters.agent(action.cluster),
      setHost: false,
    });
    this.req = req;
    this.requestWriter = new BackpressuredWriter(
      req,
      clusters.spec(action.cluster)?.bufferLimitBytes ?? DEFAULT_BUFFER_LIMIT_BYTES,
      this.options.requestGate,
      "upstream",
      this.options.onRequestBackpressure,
    );
    watchConnect(req, clusters.connectTimeoutMs(action.cluster), () =>
      this.fm.run(() =>
        this.failBeforeResponse(CONNECT_TIMEOUT_TEXT, "upstream_reset_before_response_started{connection_timeout}"),
      ),
    );
    req.on("error", (err: NodeJS.ErrnoException) =>
      this.fm.run(() => {
        if (this.done || this.fm.ended) return;
        if (this.responseStarted) return this.resetAfterResponse("connection_termination");
        const errno = connectErrno(err);
        if (errno !== null)
          this.failBeforeResponse(
            connectFailureText(errno),
            `upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_${errno}}`,
          );
        else
          this.failBeforeResponse(
            RESET_BEFORE_HEADERS_TEXT,
            "upstream_reset_before_response_started{connection_termination}",
          );
      }),
    );
    req.on("response", (res) => this.fm.run(() => this.onResponse(res, action.timeoutMs)));
    if (endStream) this.endRequest(action.timeoutMs);
    else this.timeoutMs = action.timeoutMs;
  }

  private timeoutMs = 0;

  data(data: Uint8Array, endStream: boolean): void {
    if (!this.req || this.done) return;
    this.bodyBytes += data.length;
    if (data.length > 0) this.requestWriter!.write(data);
    if (endStream) this.endRequest(this.timeoutMs);
  }

  trailers(trailers: HeaderMap): void {
    if (!this.req || this.done) return;
    const problem = invalidEntry(trailers);
    if (problem) {
      this.options.warn(`request trailers not sent upstream: ${problem}`);
      return this.reply(503, problem, refusalDetails("filter_removed_required_request_headers", problem));
    }
    if (this.declaredLength === null) {
      this.req.addTrailers(trailers.toPairs().map(([k, v]) => [k, toWire(v)] as [string, string]));
    } else {
      this.options.warn(
        "request trailers dropped: HTTP/1.1 sends trailers only with chunked encoding, and the request has a content-length",
      );
    }
    this.endRequest(this.timeoutMs);
  }

  /** The request is complete: the route timeout starts (Envoy's global timeout). */
  private endRequest(timeoutMs: number): void {
    const req = this.req!;
    if (this.declaredLength !== null && this.declaredLength !== this.bodyBytes) {
      this.options.warn(
        `request body is ${this.bodyBytes} bytes but content-length says ${this.declaredLength} (a filter changed the body without updating content-length); sent as is, as Envoy does`,
      );
      req.shouldKeepAlive = false;
    }
    req.end();
    if (timeoutMs > 0 && !this.timer) {
      this.timer = setTimeout(
        () =>
          this.fm.run(() => {
            if (this.done || this.fm.ended) return;
            this.req?.destroy();
            this.done = true;
            this.fm.sendLocalReply({
              statusCode: 504,
              body: Buffer.from(UPSTREAM_TIMEOUT_TEXT),
              headers: [],
              grpcStatus: null,
              details: "upstream_response_timeout",
            });
          }),
        timeoutMs,
      );
    }
  }

  private failBeforeResponse(text: string, details: string): void {
    if (this.done || this.fm.ended) return;
    this.done = true;
    this.clearTimer();
    this.req?.destroy();
    this.fm.sendLocalReply({ statusCode: 503, body: Buffer.from(text), headers: [], grpcStatus: null, details });
  }

  private resetAfterResponse(reason: string): void {
    this.done = true;
    this.clearTimer();
    this.fm.resetStream(`upstream_reset_after_response_started{${reason}}`);
  }

  private onResponse(res: IncomingMessage, _timeoutMs: number): void {
    if (this.done || this.fm.ended) {
      res.resume();
      return;
    }
    this.responseStarted = true;
    this.upstreamResponse = res;
    if (this.responseGate.paused) res.pause();
    const status = res.statusCode ?? 502;
    const pairs: HeaderPair[] = [[":status", String(status)]];
    for (let i = 0; i < res.rawHeaders.length; i += 2) {
      const k = res.rawHeaders[i].toLowerCase();
      if (!HOP_BY_HOP.has(k)) pairs.push([k, fromWire(res.rawHeaders[i + 1])]);
    }
    pairs.push(["x-envoy-upstream-service-time", String(Date.now() - this.sentAt)]);
    const cl = res.headers["content-length"];
    let remaining = cl !== undefined && /^\d+$/.test(cl) ? Number(cl) : null;
    const headOnly = this.req?.method === "HEAD" || status === 204 || status === 304 || (status >= 100 && status < 200);
    const endsWithHeaders = headOnly || remaining === 0;
    let ended = false;
    const finish = () => {
      this.done = true;
      this.clearTimer();
    };
    if (endsWithHeaders) {
      finish();
      ended = true;
    }
    this.fm.encodeHeaders(new HeaderMap(pairs), endsWithHeaders);
    res.on("data", (chunk: Buffer) =>
      this.fm.run(() => {
        this.options.onActivity();
        if (ended || this.fm.ended) return;
        let eos = false;
        if (remaining !== null) {
          remaining -= chunk.length;
          eos = remaining <= 0;
        }
        if (eos) {
          finish();
          ended = true;
        }
        this.fm.encodeData(chunk, eos);
      }),
    );
    res.on("end", () =>
      this.fm.run(() => {
        if (ended || this.fm.ended) return;
        ended = true;
        finish();
        if (res.rawTrailers.length > 0) {
          const trailers: HeaderPair[] = [];
          for (let i = 0; i < res.rawTrailers.length; i += 2)
            trailers.push([res.rawTrailers[i].toLowerCase(), fromWire(res.rawTrailers[i + 1])]);
          this.fm.encodeTrailers(new HeaderMap(trailers));
        } else this.fm.encodeData(new Uint8Array(0), true);
      }),
    );
    res.on("aborted", () =>
      this.fm.run(() => {
        if (!ended && !this.fm.ended) this.resetAfterResponse("connection_termination");
      }),
    );
  }

  /** Flow control from the filter manager: stop or resume reading the upstream response. */
  pauseResponse(paused: boolean): void {
    this.responseGate.set("filters", paused);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The stream ended (local reply, reset, completion): abandon an unfinished exchange. */
  reset(): void {
    this.clearTimer();
    if (this.done) return;
    this.done = true;
    this.req?.destroy();
  }
}
