// The responses Envoy's async HTTP client (router) makes up when an http_call does not get an
// upstream answer (source/common/router/router.cc onUpstreamTimeout / onUpstreamReset,
// Http::Utility::sendLocalReply): the plugin receives them in on_http_call_response like any
// response, with headers :status, content-length and content-type.
import type { HeaderPair } from "../abi/pairs.js";
import type { HttpCalloutResult } from "./cluster-manager.js";

function reply(status: number, text: string): HttpCalloutResult {
  const body = Buffer.from(text, "utf8");
  const headers: HeaderPair[] = [
    [":status", String(status)],
    ["content-length", String(body.length)],
    ["content-type", "text/plain"],
  ];
  return { kind: "response", headers, body, trailers: [] };
}

/** The call's timeout fired: 504 "upstream request timeout". */
export function timeoutReply(): HttpCalloutResult {
  return reply(504, UPSTREAM_TIMEOUT_TEXT);
}

/** Envoy's text when the connection to a cluster fails (errno 111 is ECONNREFUSED). */
export function connectFailureText(errno: number): string {
  return `upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: ${errno}`;
}

export const CONNECT_TIMEOUT_TEXT =
  "upstream connect error or disconnect/reset before headers. reset reason: connection timeout";
export const RESET_BEFORE_HEADERS_TEXT =
  "upstream connect error or disconnect/reset before headers. reset reason: connection termination";
export const UPSTREAM_TIMEOUT_TEXT = "upstream request timeout";
export const NO_HEALTHY_UPSTREAM_TEXT = "no healthy upstream";

/** The connection to the cluster failed. */
export function connectFailureReply(errno = 111): HttpCalloutResult {
  return reply(503, connectFailureText(errno));
}

/** The cluster has no endpoint to send to. */
export function noHealthyUpstreamReply(): HttpCalloutResult {
  return reply(503, NO_HEALTHY_UPSTREAM_TEXT);
}

/** The upstream reset the stream after connecting, before a response. */
export function upstreamResetReply(): HttpCalloutResult {
  return reply(503, RESET_BEFORE_HEADERS_TEXT);
}

/** The connect did not finish within the cluster's connect_timeout. */
export function connectTimeoutReply(): HttpCalloutResult {
  return reply(503, CONNECT_TIMEOUT_TEXT);
}

/** The call's headers cannot be encoded (Envoy's upstream codec check): 503 with the reason. */
export function invalidRequestReply(message: string): HttpCalloutResult {
  return reply(503, message);
}
