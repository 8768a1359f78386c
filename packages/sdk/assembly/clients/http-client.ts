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
import { WasmResult } from "../abi/enums";
import { Callout } from "../proxywasm/callouts";
import { dispatchHttpCallout, getHttpCallResponseBody, getHttpCallResponseHeaders } from "../proxywasm/http-call";
import { isValidHeaderName, isValidHeaderValue } from "../proxywasm/header-validation";
import { HttpContext } from "../wrapper/http-context";
import { Log, pluginLog } from "../wrapper/log";
import { runningConfig } from "../wrapper/running";
import { contextForCall } from "./call-context";
import { CallError, CallErrorKind } from "./call-error";
import { Cluster } from "./cluster";
import { Headers } from "./headers";
import { parseRequestTarget } from "./request-target";

export type HttpCallback<C> = (ctx: HttpContext, config: C, statusCode: i32, headers: Headers, body: ArrayBuffer, log: Log) => void;

/** Envoy's default when a call has no timeout of its own (Higress uses 500 ms). */
export const DEFAULT_TIMEOUT_MS: u32 = 500;

class HttpCallout<C> extends Callout {
  constructor(private readonly ctx: HttpContext, private readonly config: C, private readonly callback: HttpCallback<C>) { super(); }

  onHttpCallResponse(numHeaders: u32, bodySize: usize, numTrailers: u32): void {
    const pairs = getHttpCallResponseHeaders();
    const list = pairs !== null ? pairs : new Array<string[]>();
    const body = bodySize != 0 ? getHttpCallResponseBody(0, <u32>bodySize) : null;
    // Higress: no :status (a reset) is 502; an unparsable one 500.
    let status = 502;
    for (let i = 0; i < list.length; i++) {
      const p = unchecked(list[i]);
      if (p.length == 2 && unchecked(p[0]) == ":status") {
        status = parseStatus(unchecked(p[1]));
        break;
      }
    }
    this.callback(this.ctx, this.config, status, new Headers(list), body !== null ? body : new ArrayBuffer(0), pluginLog);
  }
}

function parseStatus(s: string): i32 {
  if (s.length == 0 || s.length > 3) return 500;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return 500;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

export class HttpClient<C> {
  constructor(public readonly cluster: Cluster) {}

  /** The Envoy cluster the calls go to. */
  clusterName(): string { return this.cluster.clusterName(); }

  /**   config.client.get("/token", null, onToken); */
  get(url: string, headers: Array<string[]> | null, callback: HttpCallback<C>, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): CallError | null {
    return this.call<ArrayBuffer | null>("GET", url, headers, null, callback, timeoutMs);
  }
  head(url: string, headers: Array<string[]> | null, callback: HttpCallback<C>, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): CallError | null {
    return this.call<ArrayBuffer | null>("HEAD", url, headers, null, callback, timeoutMs);
  }
  options(url: string, headers: Array<string[]> | null, callback: HttpCallback<C>, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): CallError | null {
    return this.call<ArrayBuffer | null>("OPTIONS", url, headers, null, callback, timeoutMs);
  }
  /**   config.client.post("/check", [["content-type", "application/json"]], "{}", onCheck); */
  post<B>(url: string, headers: Array<string[]> | null, body: B, callback: HttpCallback<C>, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): CallError | null {
    return this.call<B>("POST", url, headers, body, callback, timeoutMs);
  }
  put<B>(url: string, headers: Array<string[]> | null, body: B, callback: HttpCallback<C>, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): CallError | null {
    return this.call<B>("PUT", url, headers, body, callback, timeoutMs);
  }
  patch<B>(url: string, headers: Array<string[]> | null, body: B, callback: HttpCallback<C>, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): CallError | null {
    return this.call<B>("PATCH", url, headers, body, callback, timeoutMs);
  }
  delete<B>(url: string, headers: Array<string[]> | null, body: B, callback: HttpCallback<C>, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): CallError | null {
    return this.call<B>("DELETE", url, headers, body, callback, timeoutMs);
  }

  /**
   * Any method. `headers` may not set :method, :path or :authority (they come from the method
   * and URL and are dropped if given); `body` is a string, ArrayBuffer, Uint8Array or null.
   */
  call<B>(method: string, url: string, headers: Array<string[]> | null, body: B, callback: HttpCallback<C>, timeoutMs: u32 = DEFAULT_TIMEOUT_MS): CallError | null {
    const config = runningConfig();
    if (!(config instanceof C)) return new CallError(CallErrorKind.WrongConfigType, "the callback's config type is not the plugin's config type");
    const target = parseRequestTarget(url);
    if (target === null) return new CallError(CallErrorKind.InvalidUrl, "invalid url: " + url);
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
            return new CallError(CallErrorKind.InvalidHeader, "invalid header not sent: " + name);
          }
        }
        all.push(h);
      }
    }
    all.push([":method", method]);
    all.push([":path", target.path]);
    all.push([":authority", authority]);
    const ctx = contextForCall();
    const cluster = this.cluster.clusterName();
    const r = dispatchHttpCallout<B>(cluster, all, body, null, timeoutMs, new HttpCallout<C>(ctx, changetype<C>(config), callback));
    if (r == WasmResult.Ok) return null;
    if (r == WasmResult.BadArgument) return new CallError(CallErrorKind.ClusterNotFound, "http call failed: unknown cluster or bad request (" + cluster + ")", r);
    return new CallError(CallErrorKind.DispatchFailed, "http call failed with host result " + (<i32>r).toString(), r);
  }
}

/**
 * Higress's wrapper.NewClusterClient.
 *
 *   config.client = newClusterClient<MyConfig>(new FQDNCluster(serviceName, servicePort));
 */
export function newClusterClient<C>(cluster: Cluster): HttpClient<C> { return new HttpClient<C>(cluster); }
