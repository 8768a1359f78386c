// Higress's ctx.RouteCall: during the request body phase, turn the request itself into a call
// to another URL on the route's upstream (method, path, authority, headers and body replaced;
// the originals kept in x-envoy-original-method/-path/-host), and receive the answer in a
// callback instead of the plugin's response callbacks. The request must have been paused in the
// header phase (Go's rule). As in Go, the response is buffered to its end, content-length is
// removed before the callback, and the callback may rewrite the response.
//
// The stream side (./stream-extras.ts) costs nothing in plugins that never call routeCall.
import { HttpContext } from "./http-context";
import { Log, pluginLog } from "./log";
import { parseRequestTarget } from "../clients/request-target";
import { getProperty } from "../proxywasm/properties";
import {
  getHttpRequestHeader,
  getHttpRequestHeaders,
  removeHttpRequestHeader,
  replaceHttpRequestHeader,
} from "../proxywasm/headers";
import { replaceBuffer } from "../proxywasm/buffer";
import { BufferType } from "../abi/enums";
import { newUuid } from "./uuid";
import { RouteCallState, extrasOf, handleRouteCalls } from "./stream-extras";

/** The answer to a routeCall: what the upstream returned (the callback may change it before it goes on). */
export type RouteCallback<C> = (
  ctx: HttpContext,
  config: C,
  statusCode: i32,
  headers: Array<string[]>,
  body: ArrayBuffer,
  log: Log,
) => void;

class TypedRouteCall<C> extends RouteCallState {
  constructor(
    readonly id: string,
    private readonly ctx: HttpContext,
    private readonly fn: RouteCallback<C>,
    private readonly config: C,
  ) {
    super();
  }
  awaitBody(): void {
    this.ctx.state.needResponseBody = true;
  }
  respond(statusCode: i32, headers: Array<string[]>, body: ArrayBuffer): void {
    this.fn(this.ctx, this.config, statusCode, headers, body, pluginLog);
    pluginLog.unsafeInfof("route call end, id:%s, code:%d, headers:%v, body:%s", [
      this.id,
      statusCode.toString(),
      showHeaders(headers),
      escapeNewlines(String.UTF8.decode(body)),
    ]);
  }
}

function showHeaders(headers: Array<string[]> | null): string {
  if (headers === null) return "[]";
  let s = "[";
  for (let i = 0; i < headers.length; i++) {
    const h = unchecked(headers[i]);
    if (i > 0) s += " ";
    s += "[" + (h.length > 0 ? h[0] : "") + " " + (h.length > 1 ? h[1] : "") + "]";
  }
  return s + "]";
}

function escapeNewlines(s: string): string {
  return s.replaceAll("\n", "\\n");
}

/** Starts a route call on `ctx`; an error message if the URL is invalid (then nothing was changed). */
export function startRouteCall<C>(
  ctx: HttpContext,
  config: C,
  method: string,
  rawUrl: string,
  headers: Array<string[]> | null,
  body: ArrayBuffer,
  callback: RouteCallback<C>,
): string | null {
  const target = parseRequestTarget(rawUrl);
  if (target === null) return "invalid url:" + rawUrl;
  removeHttpRequestHeader("Accept-Encoding");
  removeHttpRequestHeader("Content-Length");
  const id = newUuid();
  handleRouteCalls();
  extrasOf(ctx.id).route = new TypedRouteCall<C>(id, ctx, callback, config);
  const originalMethod = getHttpRequestHeader(":method");
  const originalPath = getHttpRequestHeader(":path");
  const originalHost = getHttpRequestHeader(":authority");
  replaceHttpRequestHeader("x-envoy-original-method", originalMethod !== null ? originalMethod : "");
  replaceHttpRequestHeader("x-envoy-original-path", originalPath !== null ? originalPath : "");
  replaceHttpRequestHeader("x-envoy-original-host", originalHost !== null ? originalHost : "");
  replaceHttpRequestHeader(":method", method);
  let path = target.path;
  const hash = rawUrl.indexOf("#");
  if (hash >= 0 && hash + 1 < rawUrl.length) path += rawUrl.substring(hash);
  replaceHttpRequestHeader(":path", path);
  if (target.authority.length != 0) replaceHttpRequestHeader(":authority", target.authority);
  if (headers !== null) {
    for (let i = 0; i < headers.length; i++) {
      const h = unchecked(headers[i]);
      if (h.length == 2) replaceHttpRequestHeader(unchecked(h[0]), unchecked(h[1]));
    }
  }
  replaceBuffer<ArrayBuffer>(BufferType.HttpRequestBody, body);
  {
    const cluster = getProperty(["cluster_name"]);
    pluginLog.unsafeInfof("route call start, id:%s, method:%s, url:%s, cluster:%s, headers:%v, body:%s", [
      id,
      method,
      rawUrl,
      cluster !== null ? String.UTF8.decode(cluster) : "",
      showHeaders(getHttpRequestHeaders()),
      escapeNewlines(String.UTF8.decode(body)),
    ]);
  }
  return null;
}
