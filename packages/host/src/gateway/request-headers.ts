// The request headers a filter sees for an HTTP/1.1 request (Envoy's HTTP/1 codec and
// ConnectionManagerUtility::mutateRequestHeaders): pseudo-headers first (:authority from Host,
// :path, :method, :scheme), the client's headers in order without hop-by-hop ones, then
// x-forwarded-proto and x-request-id when missing; scheme_to_overwrite sets both :scheme and
// x-forwarded-proto. An absolute-form target (GET http://host/path) is routed on its path, with
// :authority from the URI, as Envoy does.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { HeaderPair } from "../abi/pairs.js";
import { HOP_BY_HOP } from "../clusters/hop-by-hop.js";
import { HeaderMap } from "../context/header-map.js";
import type { HttpConnectionManagerConfig } from "./config-model.js";

/** Node gives header values as latin1 strings; the host works in UTF-8. */
export function fromWire(value: string): string {
  return Buffer.from(value, "latin1").toString("utf8");
}

export function toWire(value: string): string {
  return Buffer.from(value, "utf8").toString("latin1");
}

/** The request target as Envoy's HTTP/1 codec splits it: an absolute-form URI gives :authority and :path. */
export interface RequestTarget {
  /** From an absolute-form URI (it replaces Host), else null. */
  authority: string | null;
  path: string;
}

/** null: an absolute URI Envoy refuses (a scheme other than http on this plaintext listener, or no host). */
export function requestTarget(url: string): RequestTarget | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)(.*)$/.exec(url);
  if (!m) return { authority: null, path: url };
  if (m[1].toLowerCase() !== "http" || m[2] === "") return null;
  return { authority: m[2], path: m[3].startsWith("/") ? m[3] : `/${m[3]}` };
}

/**
 * The request's headers for the filters. An HTTP/1.0 request without Host gets
 * http_protocol_options.default_host_for_http_10 as :authority.
 */
export function requestHeaders(
  req: IncomingMessage,
  hcm: HttpConnectionManagerConfig,
  target: RequestTarget,
): HeaderMap {
  const pairs: HeaderPair[] = [];
  let authority = "";
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    const value = fromWire(req.rawHeaders[i + 1]);
    if (name === "host") authority ||= value;
    else if (!HOP_BY_HOP.has(name) || (name === "te" && value.toLowerCase() === "trailers")) pairs.push([name, value]);
  }
  if (target.authority !== null) authority = fromWire(target.authority);
  else if (authority === "" && req.httpVersion !== "1.1") authority = hcm.http1.defaultHostForHttp10;
  const scheme = hcm.schemeToOverwrite ?? "http";
  const map = new HeaderMap([
    [":authority", authority],
    [":path", fromWire(target.path)],
    [":method", req.method ?? "GET"],
    [":scheme", scheme],
    ...pairs,
  ]);
  if (hcm.schemeToOverwrite) map.replace("x-forwarded-proto", hcm.schemeToOverwrite);
  else if (map.get("x-forwarded-proto") === undefined) map.add("x-forwarded-proto", "http");
  if (hcm.generateRequestId && map.get("x-request-id") === undefined) map.add("x-request-id", randomUUID());
  return map;
}
