// The request headers a filter sees for an HTTP/1.1 request (Envoy's HTTP/1 codec and
// ConnectionManagerUtility::mutateRequestHeaders): pseudo-headers first (:authority from Host,
// :path, :method, :scheme), the client's headers in order without hop-by-hop ones, then
// x-forwarded-proto and x-request-id when missing; scheme_to_overwrite sets both :scheme and
// x-forwarded-proto.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { HeaderPair } from "../abi/pairs.js";
import { HOP_BY_HOP } from "../callouts/hop-by-hop.js";
import { HeaderMap } from "../context/header-map.js";
import type { HttpConnectionManagerConfig } from "./config-model.js";

/** Node gives header values as latin1 strings; the host works in UTF-8. */
export function fromWire(value: string): string {
  return Buffer.from(value, "latin1").toString("utf8");
}

export function toWire(value: string): string {
  return Buffer.from(value, "utf8").toString("latin1");
}

export function requestHeaders(req: IncomingMessage, hcm: HttpConnectionManagerConfig): HeaderMap {
  const pairs: HeaderPair[] = [];
  let authority = "";
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    const value = fromWire(req.rawHeaders[i + 1]);
    if (name === "host") authority ||= value;
    else if (!HOP_BY_HOP.has(name) || (name === "te" && value.toLowerCase() === "trailers")) pairs.push([name, value]);
  }
  const scheme = hcm.schemeToOverwrite ?? "http";
  const map = new HeaderMap([[":authority", authority], [":path", req.url ?? "/"], [":method", req.method ?? "GET"], [":scheme", scheme], ...pairs]);
  if (hcm.schemeToOverwrite) map.replace("x-forwarded-proto", hcm.schemeToOverwrite);
  else if (map.get("x-forwarded-proto") === undefined) map.add("x-forwarded-proto", "http");
  if (hcm.generateRequestId && map.get("x-request-id") === undefined) map.add("x-request-id", randomUUID());
  return map;
}
