// The HTTP/1 front end with Envoy's limits and answers (source/common/http/http1/codec_impl.cc,
// conn_manager_impl.cc ActiveStream::decodeHeaders, filter_manager.cc createFilterChain):
// header blocks over max_request_headers_kb and more than max_headers_count headers get 431,
// HTTP/1.0 (and 0.9) gets 426 unless accept_http_10, a request without Host gets 400, an
// upgrade or CONNECT with no upgrade config gets 403, a request the parser cannot read gets
// 400 "Bad Request" and the connection closes. Node's parser does the parsing; its own limits
// are set so that Envoy's apply instead (see docs/host-fidelity.md for what differs).
import type { IncomingMessage, Server } from "node:http";
import type { Socket } from "node:net";
import type { Http1Settings } from "./config-model.js";

/** An answer the front end gives before any filter runs. */
export interface FrontReply {
  status: number;
  body: string;
  details: string;
  /** Envoy closes the connection after a codec error. */
  close: boolean;
}

const TOO_LARGE = "Request Header Fields Too Large";

/** Node server options for these settings (headers past Node's count limit would be dropped silently). */
export function serverOptions(settings: Http1Settings) {
  return {
    // Node counts the request target, names and values against this; Envoy's parser counts the whole block.
    maxHeaderSize: settings.maxRequestHeadersKb * 1024,
    // The missing-Host answer is Envoy's (400 from the connection manager), given in checkRequest.
    requireHostHeader: false,
    // request_timeout is the gateway's own per-stream timer (Envoy's 408 and body).
    requestTimeout: 0,
    // A connection that never completes its headers is closed after the idle timeout, as Envoy's idle_timeout does.
    headersTimeout: settings.idleTimeoutMs,
  };
}

/** The limits Node keeps on the server object. */
export function applyServerLimits(server: Server, settings: Http1Settings): void {
  // 0: no limit in Node, which otherwise keeps the first ~1,000 headers and drops the rest silently.
  server.maxHeadersCount = 0;
  // Envoy's idle_timeout for a kept-alive connection with no stream (0 disables it in both).
  server.keepAliveTimeout = settings.idleTimeoutMs;
}

// The methods Envoy's HTTP/1 parser accepts without allow_custom_methods (balsa_parser.cc
// isMethodValid). Node's parser also takes M-SEARCH and QUERY, which Envoy refuses.
const ENVOY_METHODS = new Set([
  "ACL",
  "BIND",
  "CHECKOUT",
  "CONNECT",
  "COPY",
  "DELETE",
  "GET",
  "HEAD",
  "LINK",
  "LOCK",
  "MERGE",
  "MKACTIVITY",
  "MKCALENDAR",
  "MKCOL",
  "MOVE",
  "MSEARCH",
  "NOTIFY",
  "OPTIONS",
  "PATCH",
  "POST",
  "PROPFIND",
  "PROPPATCH",
  "PURGE",
  "PUT",
  "REBIND",
  "REPORT",
  "SEARCH",
  "SOURCE",
  "SUBSCRIBE",
  "TRACE",
  "UNBIND",
  "UNLINK",
  "UNLOCK",
  "UNSUBSCRIBE",
]);

/** Envoy's checks on a parsed request, in its order; null when the request may proceed. */
export function checkRequest(req: IncomingMessage, settings: Http1Settings, authority: string): FrontReply | null {
  if (!ENVOY_METHODS.has(req.method ?? ""))
    return { status: 400, body: "Bad Request", details: "http1.codec_error", close: true };
  if (req.rawHeaders.length / 2 > settings.maxHeadersCount)
    return { status: 431, body: TOO_LARGE, details: "http1.too_many_headers", close: true };
  if (req.httpVersion !== "1.1" && !settings.acceptHttp10)
    return { status: 426, body: "", details: "low_version", close: true };
  if (authority === "") return { status: 400, body: "", details: "missing_host_header", close: false };
  // Envoy's authority characters for HTTP/1 and 2 (header_utility.cc check_authority_h1_h2).
  if (!/^[!$%&'()*+,\-.0-9:;=@A-Z[\]_a-z~]+$/.test(authority))
    return { status: 400, body: "", details: "http.invalid_authority", close: false };
  const upgrade = req.headers.upgrade;
  // h2c is stripped by Envoy's HTTP/1 codec; any other upgrade needs upgrade_configs, which the gateway has not.
  if (upgrade !== undefined && upgrade.toLowerCase() !== "h2c")
    return { status: 403, body: "", details: "upgrade_failed", close: false };
  return null;
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  403: "Forbidden",
  408: "Request Timeout",
  431: TOO_LARGE,
};

/** An answer written on a socket Node's HTTP server has given up (parse errors, CONNECT), then closed. */
export function replyOnSocket(socket: Socket, status: number, body: string, serverName: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const lines = [`HTTP/1.1 ${status} ${REASONS[status] ?? "Unknown"}`, `content-length: ${Buffer.byteLength(body)}`];
  if (body) lines.push("content-type: text/plain");
  lines.push(`date: ${new Date().toUTCString()}`, `server: ${serverName}`, "connection: close");
  socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`);
}

/** Envoy's answer to what Node's parser refused (err.code is llhttp's error name). */
export function clientErrorReply(code: string | undefined): { status: number; body: string } | null {
  if (code === "ECONNRESET" || code === "EPIPE") return null;
  if (code === "HPE_HEADER_OVERFLOW") return { status: 431, body: TOO_LARGE };
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return null; // the idle timeout: Envoy closes without an answer
  return { status: 400, body: "Bad Request" };
}
