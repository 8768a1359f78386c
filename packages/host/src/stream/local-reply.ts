// The response Envoy builds for a local reply (source/common/http/utility.cc
// Utility::sendLocalReply / prepareLocalReply): `:status`, the filter's extra headers, then
// content-length and (if unset) `content-type: text/plain` for a non-empty body; none of
// either for an empty one. A gRPC request gets a trailers-only gRPC response instead.
import { HeaderMap } from "../context/header-map.js";
import type { LocalReplyRequest } from "./filter.js";

/** Envoy Grpc::Utility::httpToGrpcStatus. */
function httpToGrpcStatus(code: number): number {
  switch (code) {
    case 400:
      return 13;
    case 401:
      return 16;
    case 403:
      return 7;
    case 404:
      return 12;
    case 429:
    case 502:
    case 503:
    case 504:
      return 14;
    default:
      return 2;
  }
}

/** grpc-message percent-encoding (Envoy Grpc::Utility PercentEncoding::encode). */
function percentEncode(s: string): string {
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    out +=
      b < 0x20 || b > 0x7e || b === 0x25 ? `%${b.toString(16).toUpperCase().padStart(2, "0")}` : String.fromCharCode(b);
  }
  return out;
}

interface BuiltLocalReply {
  headers: HeaderMap;
  /** Empty when the reply is headers only (gRPC trailers-only, HEAD, empty body). */
  body: Uint8Array;
}

export function buildLocalReply(
  reply: LocalReplyRequest,
  request: { isGrpc: boolean; isHead: boolean },
): BuiltLocalReply {
  const headers = new HeaderMap([[":status", String(reply.statusCode)]]);
  for (const [k, v] of reply.headers) headers.add(k, v);
  const text = Buffer.from(reply.body).toString("utf8");
  if (request.isGrpc) {
    headers.replace(":status", "200");
    headers.replace("content-type", "application/grpc");
    if (headers.get("grpc-status") === undefined)
      headers.replace("grpc-status", String(reply.grpcStatus ?? httpToGrpcStatus(reply.statusCode)));
    if (text.length > 0 && !request.isHead) headers.replace("grpc-message", percentEncode(text));
    headers.remove("content-length");
    return { headers, body: new Uint8Array(0) };
  }
  if (reply.body.length > 0) {
    headers.replace("content-length", String(reply.body.length));
    if (headers.get("content-type") === undefined) headers.replace("content-type", "text/plain");
  } else {
    headers.remove("content-length");
    headers.remove("content-type");
  }
  return { headers, body: request.isHead ? new Uint8Array(0) : reply.body };
}
