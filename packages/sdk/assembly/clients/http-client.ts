// Higress's cluster HttpClient: `client.get(url, headers, callback)`, typed by the plugin's
// config class (`HttpClient<MyConfig>`, so callbacks get that config). The call goes to the
// client's cluster with a 500 ms default timeout. AssemblyScript has no closures, so the
// callback receives what a Go closure would have captured: the request's HttpContext (the
// SDK makes that request the effective context again, so proxywasm.* calls act on it), its
// config and the plugin's Log, then the status, headers and body of the answer. Envoy answers
// a timeout with 504 and a connect failure with 503 (as responses). If the dispatch fails the
// method returns a CallError and the callback never runs: continue the request yourself.
//
//   const err = config.client.get(config.requestPath, null, onTokenResponse);
//   if (err !== null) return types.HeaderContinue;
//   return types.HeaderStopAllIterationAndWatermark;
import { MapType, WasmResult } from "../abi/enums";
import { encodePairs, findPairAt, foundValue, foundValueLength } from "../abi/pairs";
import { Callout } from "../proxywasm/callouts";
import { dispatchEncodedHttpCallout, dispatchHttpCallout, getHttpCallResponseBody } from "../proxywasm/http-call";
import { getMapPairsBytes } from "../proxywasm/header-map";
import { isValidHeaderName, isValidHeaderValue } from "../proxywasm/header-validation";
import { HttpContext } from "../wrapper/http-context";
import { Log, pluginLog } from "../wrapper/log";
import { runningConfig } from "../wrapper/running";
import { contextForCall } from "./call-context";
import { CallError, CallErrorKind } from "./call-error";
import { Cluster } from "./cluster";
import { Headers } from "./headers";
import { parseRequestTarget } from "./request-target";

export type HttpCallback<C> = (
  ctx: HttpContext,
  config: C,
  statusCode: i32,
  headers: Headers,
  body: ArrayBuffer,
  log: Log,
) => void;

/** Envoy's default when a call has no timeout of its own (Higress uses 500 ms). */
export const DEFAULT_TIMEOUT_MS: u32 = 500;

class HttpCallout<C> extends Callout {
  constructor(
    private readonly ctx: HttpContext,
    private readonly config: C,
    private readonly callback: HttpCallback<C>,
  ) {
    super();
  }

  onHttpCallResponse(numHeaders: u32, bodySize: usize, numTrailers: u32): void {
    // The headers stay encoded: the callback usually reads one or two of them.
    const encoded = getMapPairsBytes(MapType.HttpCallResponseHeaders);
    const body = bodySize != 0 ? getHttpCallResponseBody(0, <u32>bodySize) : null;
    // Higress: no :status (a reset) is 502; an unparsable one 500.
    let status = 502;
    if (encoded !== null && findPairAt(changetype<usize>(encoded), <usize>encoded.byteLength, ":status") >= 0) {
      status = parseStatus(foundValue, foundValueLength);
    }
    const headers = encoded !== null ? new Headers(null, encoded) : new Headers();
    this.callback(this.ctx, this.config, status, headers, body !== null ? body : new ArrayBuffer(0), pluginLog);
  }
}

/** A 3-digit status from its bytes; 500 if it is not one. */
function parseStatus(p: usize, len: usize): i32 {
  if (len == 0 || len > 3) return 500;
  let v = 0;
  for (let i: usize = 0; i < len; i++) {
    const c = <i32>load<u8>(p + i);
    if (c < 0x30 || c > 0x39) return 500;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

export class HttpClient<C> {
  /** The last call made without extra headers, encoded, and its method and URL (see call). */
  private lastEncoded: ArrayBuffer | null = null;
  private lastMethod: string = "";
  private lastUrl: string = "";
  private fixedName: string | null = null;
  /** Why headerList refused the last call. */
  private invalid: CallError | null = null;

  constructor(public readonly cluster: Cluster) {}

  /** The Envoy cluster the calls go to. */
  clusterName(): string {
    return this.cluster.clusterName();
  }

  /**   config.client.get("/token", null, onToken); */
  get(
    url: string,
    headers: Array<string[]> | null,
    callback: HttpCallback<C>,
    timeoutMs: u32 = DEFAULT_TIMEOUT_MS,
  ): CallError | null {
    return this.call<ArrayBuffer | null>("GET", url, headers, null, callback, timeoutMs);
  }
  head(
    url: string,
    headers: Array<string[]> | null,
    callback: HttpCallback<C>,
    timeoutMs: u32 = DEFAULT_TIMEOUT_MS,
  ): CallError | null {
    return this.call<ArrayBuffer | null>("HEAD", url, headers, null, callback, timeoutMs);
  }
  options(
    url: string,
    headers: Array<string[]> | null,
    callback: HttpCallback<C>,
    timeoutMs: u32 = DEFAULT_TIMEOUT_MS,
  ): CallError | null {
    return this.call<ArrayBuffer | null>("OPTIONS", url, headers, null, callback, timeoutMs);
  }
  /**   config.client.post("/check", [["content-type", "application/json"]], "{}", onCheck); */
  post<B>(
    url: string,
    headers: Array<string[]> | null,
    body: B,
    callback: HttpCallback<C>,
    timeoutMs: u32 = DEFAULT_TIMEOUT_MS,
  ): CallError | null {
    return this.call<B>("POST", url, headers, body, callback, timeoutMs);
  }
  put<B>(
    url: string,
    headers: Array<string[]> | null,
    body: B,
    callback: HttpCallback<C>,
    timeoutMs: u32 = DEFAULT_TIMEOUT_MS,
  ): CallError | null {
    return this.call<B>("PUT", url, headers, body, callback, timeoutMs);
  }
  patch<B>(
    url: string,
    headers: Array<string[]> | null,
    body: B,
    callback: HttpCallback<C>,
    timeoutMs: u32 = DEFAULT_TIMEOUT_MS,
  ): CallError | null {
    return this.call<B>("PATCH", url, headers, body, callback, timeoutMs);
  }
  delete<B>(
    url: string,
    headers: Array<string[]> | null,
    body: B,
    callback: HttpCallback<C>,
    timeoutMs: u32 = DEFAULT_TIMEOUT_MS,
  ): CallError | null {
    return this.call<B>("DELETE", url, headers, body, callback, timeoutMs);
  }
  /** Go's Connect: a CONNECT request (Envoy's http_call accepts any method). */
  connect<B>(
    url: string,
    headers: Array<string[]> | null,
    body: B,
    callback: HttpCallback<C>,
    timeoutMs: u32 = DEFAULT_TIMEOUT_MS,
  ): CallError | null {
    return this.call<B>("CONNECT", url, headers, body, callback, timeoutMs);
  }
  /** Go's Trace: a TRACE request. */
  trace<B>(
    url: string,
    headers: Array<string[]> | null,
    body: B,
    callback: HttpCallback<C>,
    timeoutMs: u32 = DEFAULT_TIMEOUT_MS,
  ): CallError | null {
    return this.call<B>("TRACE", url, headers, body, callback, timeoutMs);
  }

  /**
   * Any method. `headers` may not set :method, :path or :authority (they come from the method
   * and URL and are dropped if given); `body` is a string, ArrayBuffer, Uint8Array or null.
   */
  call<B>(
    method: string,
    url: string,
    headers: Array<string[]> | null,
    body: B,
    callback: HttpCallback<C>,
    timeoutMs: u32 = DEFAULT_TIMEOUT_MS,
  ): CallError | null {
    const config = runningConfig();
    if (!(config instanceof C))
      return new CallError(CallErrorKind.WrongConfigType, "the callback's config type is not the plugin's config type");
    let encoded: ArrayBuffer | null = null;
    let list: Array<string[]> | null = null;
    if (headers === null && this.cluster.isFixed()) {
      // The list then depends only on the method and URL: a plugin that calls the same URL on
      // every request has it encoded once.
      encoded = this.lastEncoded;
      if (encoded === null || method != this.lastMethod || url != this.lastUrl) {
        const fresh = this.headerList(method, url, null);
        if (fresh === null) return this.invalid;
        this.lastEncoded = encoded = encodePairs(fresh);
        this.lastMethod = method;
        this.lastUrl = url;
      }
    } else {
      list = this.headerList(method, url, headers);
      if (list === null) return this.invalid;
    }
    const ctx = contextForCall();
    const cluster = this.targetCluster();
    const callout = new HttpCallout<C>(ctx, changetype<C>(config), callback);
    const r =
      encoded !== null
        ? dispatchEncodedHttpCallout<B>(cluster, encoded, body, null, timeoutMs, callout)
        : dispatchHttpCallout<B>(cluster, changetype<Array<string[]>>(list), body, null, timeoutMs, callout);
    if (r == WasmResult.Ok) return null;
    if (r == WasmResult.BadArgument)
      return new CallError(
        CallErrorKind.ClusterNotFound,
        "http call failed: unknown cluster or bad request (" + cluster + ")",
        r,
      );
    return new CallError(CallErrorKind.DispatchFailed, "http call failed with host result " + (<i32>r).toString(), r);
  }

  /** The Envoy cluster name, worked out once for a fixed cluster. */
  private targetCluster(): string {
    if (!this.cluster.isFixed()) return this.cluster.clusterName();
    let name = this.fixedName;
    if (name === null) this.fixedName = name = this.cluster.clusterName();
    return name;
  }

  /** `headers` (checked) and the pseudo-headers from `method` and `url`; null with `invalid` set if one is wrong. */
  private headerList(method: string, url: string, headers: Array<string[]> | null): Array<string[]> | null {
    const target = parseRequestTarget(url);
    if (target === null) {
      this.invalid = new CallError(CallErrorKind.InvalidUrl, "invalid url: " + url);
      return null;
    }
    let authority = target.authority;
    if (authority.length == 0) authority = this.cluster.hostName();
    if (authority.length == 0) authority = "unknownhost";
    const all = new Array<string[]>();
    if (headers !== null) {
      for (let i = 0; i < headers.length; i++) {
        const h = unchecked(headers[i]);
        if (h.length == 2) {
          const name = unchecked(h[0]);
          if (name == ":method" || name == ":path" || name == ":authority") continue;
          if (!isValidHeaderName(name) || !isValidHeaderValue(unchecked(h[1]))) {
            this.invalid = new CallError(CallErrorKind.InvalidHeader, "invalid header not sent: " + name);
            return null;
          }
        }
        all.push(h);
      }
    }
    all.push([":method", method]);
    all.push([":path", target.path]);
    all.push([":authority", authority]);
    return all;
  }
}

/**
 * Higress's wrapper.NewClusterClient.
 *
 *   config.client = newClusterClient<MyConfig>(new FQDNCluster(serviceName, servicePort));
 */
export function newClusterClient<C>(cluster: Cluster): HttpClient<C> {
  return new HttpClient<C>(cluster);
}
