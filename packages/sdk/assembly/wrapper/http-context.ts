// What a plugin's callbacks see of one request: Higress's `wrapper.HttpContext`.
//
// Envoy releases the request headers once they continue, so the wrapper caches :scheme,
// :authority, :path, :method and x-request-id in the header phase (as Higress does): ctx.host()
// works in the response phase and in HttpClient callbacks. A plugin that only registers a
// request-header callback reads them on first use instead (same values, less code).
import { StreamContext } from "../context/stream-context";
import { getHttpRequestHeader, removeHttpRequestHeader, removeHttpResponseHeader } from "../proxywasm/headers";
import { setProperty } from "../proxywasm/properties";
import { WasmResult } from "../abi/enums";
import { ContextValue, ContextValues } from "./context-values";
import { RequestFact, RequestState, requestFactHeader } from "./request-state";
import { containsIgnoreCase, equalsIgnoreCase } from "../abi/ascii-case";
import { pluginName } from "../state/runtime-state";
import { HTTPExecutionPhase } from "./execution-phase";
import { UserAttributes, writeAttributesToLog, writeAttributesToTrace } from "./user-attributes";
import { RouteCallback, startRouteCall } from "./route-call";
import { BufferQueue } from "./buffer-queue";
import { checkPauses, extrasOf, peekExtras, trackPhases } from "./stream-extras";
import { lastEnteredPhase } from "./stream-hooks";

// Per-request state of the Higress-parity members (end of the class) lives with the request's
// values under keys no plugin writes (a leading NUL), or for those the streams consult on every
// request in ./stream-extras.ts: HttpContext gains no fields, so plugins that never use them
// pay nothing (the key strings are inside functions for the same reason).
function attributesKey(): string {
  return "\u0000gatewasm.user-attributes";
}
function bufferQueueKey(): string {
  return "\u0000gatewasm.buffers";
}

function orEmpty(s: string | null): string {
  return s !== null ? s : "";
}

function contains(haystack: string | null, needle: string): bool {
  return haystack !== null && containsIgnoreCase(haystack, needle);
}

function equals(s: string | null, lower: string): bool {
  return s !== null && equalsIgnoreCase(s, lower);
}

function nonEmpty(s: string | null): bool {
  return s !== null && s.length != 0;
}

export class HttpContext extends StreamContext {
  /** The config that matched this request (global or a `_rules_` entry); null: plugin skipped. */
  matchedConfig: Object | null = null;
  /** The request headers ended the stream (no body follows). */
  requestEndOfStream: bool = false;
  // Typed Object on purpose: a field of type RequestState would make that class (its runtime
  // type info and GC visitor) part of every plugin, even one that never touches it.
  private state_: Object | null = null;

  /** This request's facts and values (allocated on first use). */
  get state(): RequestState {
    const s = this.state_;
    if (s !== null) return changetype<RequestState>(s);
    const created = new RequestState();
    this.state_ = created;
    return created;
  }

  /** Reads and keeps the request facts not read yet; call while the request headers are readable. */
  cacheRequestFacts(): void {
    for (let f = <i32>RequestFact.Scheme; f <= <i32>RequestFact.RequestId; f++) this.fact(<RequestFact>f);
  }

  /** A request fact, read from its header on first use and kept for the rest of the request. */
  private fact(which: RequestFact): string {
    const facts = this.state.facts;
    const known = unchecked(facts[which]);
    if (known !== null) return known;
    const value = orEmpty(getHttpRequestHeader(requestFactHeader(which)));
    unchecked((facts[which] = value));
    return value;
  }

  /** The request's :scheme ("http", "https"). */
  scheme(): string {
    return this.fact(RequestFact.Scheme);
  }

  /**
   * The request's :authority (host[:port]).
   *
   *   if (ctx.host() == "api.example.com") { … }
   */
  host(): string {
    return this.fact(RequestFact.Host);
  }

  /** The request's :path, query included. */
  path(): string {
    return this.fact(RequestFact.Path);
  }

  /** The request's :method. */
  method(): string {
    return this.fact(RequestFact.Method);
  }

  /** The request's x-request-id ("" if none). */
  requestId(): string {
    return this.fact(RequestFact.RequestId);
  }

  /** The name given to setCtx. */
  pluginName(): string {
    return pluginName();
  }

  // ---- per-request values (Higress SetContext / GetContext) ----

  /**
   * Keeps `value` for the rest of this request.
   *
   *   ctx.setContext("timeStamp", timeStamp);
   */
  setContext<T>(key: string, value: T): void {
    const s = this.state;
    let v = s.values;
    if (v === null) s.values = v = new ContextValues();
    v.set<T>(key, value);
  }

  /** True if a value was set under `key`. */
  hasContext(key: string): bool {
    const v = this.state.values;
    return v !== null && v.find(key) !== null;
  }

  /** Forgets `key`. */
  deleteContext(key: string): bool {
    const v = this.state.values;
    return v !== null && v.delete(key);
  }

  /**
   * The reference value set under `key` as a T; null if absent or set as another type.
   *
   *   const ts = ctx.getContext<string>("timeStamp");
   */
  getContext<T>(key: string): T | null {
    if (!isReference<T>())
      ERROR("getContext<T> is for reference types; use getIntContext/getBoolContext/getFloatContext");
    const v = this.state.values;
    if (v === null) return null;
    const e = v.find(key);
    if (e instanceof ContextValue<T>) return changetype<ContextValue<T>>(e).value;
    return null;
  }

  /**   const left = ctx.getStringContext("callTimeLeft", ""); */
  getStringContext(key: string, defaultValue: string): string {
    const s = this.getContext<string>(key);
    return s !== null ? s : defaultValue;
  }

  /** An integer set as i64, i32, u64 or u32. */
  getIntContext(key: string, defaultValue: i64): i64 {
    const v = this.state.values;
    if (v === null) return defaultValue;
    const e = v.find(key);
    if (e instanceof ContextValue<i64>) return changetype<ContextValue<i64>>(e).value;
    if (e instanceof ContextValue<i32>) return changetype<ContextValue<i32>>(e).value;
    if (e instanceof ContextValue<u64>) return <i64>changetype<ContextValue<u64>>(e).value;
    if (e instanceof ContextValue<u32>) return changetype<ContextValue<u32>>(e).value;
    return defaultValue;
  }

  getBoolContext(key: string, defaultValue: bool): bool {
    const v = this.state.values;
    if (v === null) return defaultValue;
    const e = v.find(key);
    return e instanceof ContextValue<bool> ? changetype<ContextValue<bool>>(e).value : defaultValue;
  }

  /** A number set as f64 or f32. */
  getFloatContext(key: string, defaultValue: f64): f64 {
    const v = this.state.values;
    if (v === null) return defaultValue;
    const e = v.find(key);
    if (e instanceof ContextValue<f64>) return changetype<ContextValue<f64>>(e).value;
    if (e instanceof ContextValue<f32>) return changetype<ContextValue<f32>>(e).value;
    return defaultValue;
  }

  /** Bytes set as an ArrayBuffer. */
  getBytesContext(key: string, defaultValue: ArrayBuffer | null): ArrayBuffer | null {
    const b = this.getContext<ArrayBuffer>(key);
    return b !== null ? b : defaultValue;
  }

  // ---- bodies (Higress DontRead*/Buffer*/Has*Body) ----

  /** The request body callbacks will not run for this request (call in the header phase). */
  dontReadRequestBody(): void {
    this.state.needRequestBody = false;
  }
  /** The response body callbacks will not run for this request. */
  dontReadResponseBody(): void {
    this.state.needResponseBody = false;
  }
  /** Deliver the whole request body to processRequestBodyBy even if a streaming callback exists. */
  bufferRequestBody(): void {
    this.state.streamingRequestBody = false;
  }
  /** Deliver the whole response body to processResponseBodyBy even if a streaming callback exists. */
  bufferResponseBody(): void {
    this.state.streamingResponseBody = false;
  }
  /**
   * Call in the request-header phase when this plugin will change the request body's length
   * (append, prepend, replace): removes `content-length`, so the upstream reads the new body
   * whole instead of the old length's worth of it. Envoy does not fix the header up after a
   * body edit; Higress plugins remove it here the same way (wasm-go's own body rewrites do).
   * BadArgument once the request headers have continued.
   */
  removeRequestContentLength(): WasmResult {
    return removeHttpRequestHeader("content-length");
  }
  /** The same for the response: call in the response-header phase before changing its body. */
  removeResponseContentLength(): WasmResult {
    return removeHttpResponseHeader("content-length");
  }
  /** False when the request headers ended the stream (no body follows). */
  hasRequestBody(): bool {
    return !this.requestEndOfStream;
  }
  /** False when the response headers ended the stream. */
  hasResponseBody(): bool {
    return !this.state.responseEndOfStream;
  }

  /** A websocket upgrade (`connection: upgrade` + `upgrade: websocket`): bodies are skipped. */
  isWebsocket(): bool {
    return equals(this.state.requestConnection, "upgrade") && equals(this.state.requestUpgrade, "websocket");
  }
  /** octet-stream/grpc content or any content-encoding: body callbacks are skipped, as in Higress. */
  isBinaryRequestBody(): bool {
    return (
      contains(this.state.requestContentType, "octet-stream") ||
      contains(this.state.requestContentType, "grpc") ||
      nonEmpty(this.state.requestContentEncoding)
    );
  }
  isBinaryResponseBody(): bool {
    return (
      contains(this.state.responseContentType, "octet-stream") ||
      contains(this.state.responseContentType, "grpc") ||
      nonEmpty(this.state.responseContentEncoding)
    );
  }

  // ---- Higress properties ----

  /** Header edits no longer re-pick the route (Higress property clear_route_cache=off). */
  disableReroute(): WasmResult {
    return setProperty<string>(["clear_route_cache"], "off");
  }
  /** Higress: this request's body buffer limit in bytes. */
  setRequestBodyBufferLimit(bytes: u32): WasmResult {
    return setProperty<string>(["set_decoder_buffer_limit"], bytes.toString());
  }
  /** Higress: this response's body buffer limit in bytes. */
  setResponseBodyBufferLimit(bytes: u32): WasmResult {
    return setProperty<string>(["set_encoder_buffer_limit"], bytes.toString());
  }

  // ---- Higress parity: phases, matched config, user attributes, route calls, buffer queue ----

  /**
   * The callback this request is in, or was last in (Go's GetExecutionPhase): inside an
   * HttpClient/RedisClient callback, the phase in which the request paused for the call. (Known
   * for requests whose callbacks ran after the plugin first called this method, or whose
   * callback ran last; otherwise DecodeHeader.)
   *
   *   if (ctx.getExecutionPhase() == HTTPExecutionPhase.DecodeHeader) proxywasm.resumeHttpRequest();
   */
  getExecutionPhase(): HTTPExecutionPhase {
    // The callback running now is this request's: its phase is known without a table. Otherwise
    // (a client callback) the table has it, recorded from the first call of this method on.
    trackPhases();
    const last = lastEnteredPhase(changetype<usize>(this));
    if (last >= 0) return <HTTPExecutionPhase>last;
    const e = peekExtras(this.id);
    return e !== null && e.phaseKnown ? <HTTPExecutionPhase>e.phase : HTTPExecutionPhase.DecodeHeader;
  }

  /** The config matched for this request (Go's GetMatchConfig); null if none matched or C is not the plugin's config type. */
  getMatchConfig<C>(): C | null {
    const c = this.matchedConfig;
    return c instanceof C ? changetype<C>(c) : null;
  }

  /** This request's user attributes (Go's GetUserAttributeMap), made on first use. */
  getUserAttributeMap(): UserAttributes {
    let a = this.getContext<UserAttributes>(attributesKey());
    if (a === null) this.setContext<UserAttributes>(attributesKey(), (a = new UserAttributes()));
    return a;
  }

  /** Replaces all user attributes (Go's SetUserAttributeMap). */
  setUserAttributeMap(attributes: UserAttributes): void {
    this.setContext<UserAttributes>(attributesKey(), attributes);
  }

  /**
   * Sets a user attribute: a string, bool, integer or float (Go's SetUserAttribute).
   *
   *   ctx.setUserAttribute<string>("consumer", name);
   *   ctx.setUserAttribute<i64>("tokens", 42);
   */
  setUserAttribute<T>(key: string, value: T): void {
    this.getUserAttributeMap().set<T>(key, value);
  }

  /** A user attribute as Go's fmt.Sprint prints it; null if not set (Go's GetUserAttribute). */
  getUserAttribute(key: string): string | null {
    const a = this.getContext<UserAttributes>(attributesKey());
    return a !== null ? a.get(key) : null;
  }

  /**
   * Merges the user attributes into filter state `custom_log`, which Higress's access log prints
   * (Go's WriteUserAttributeToLog). Ok, ParseFailure if the value there is not a JSON object,
   * or the host's result.
   */
  writeUserAttributeToLog(): WasmResult {
    return writeAttributesToLog(this.getUserAttributeMap(), "custom_log");
  }

  /** The same into filter state `key` (e.g. "ai_log"). */
  writeUserAttributeToLogWithKey(key: string): WasmResult {
    return writeAttributesToLog(this.getUserAttributeMap(), key);
  }

  /** Sets property `trace_span_tag.<key>` for each attribute: tags on the request's span (Go's WriteUserAttributeToTrace). */
  writeUserAttributeToTrace(): WasmResult {
    return writeAttributesToTrace(this.getUserAttributeMap());
  }

  /**
   * Go's RouteCall: in the request body phase (the request paused in the header phase), turns
   * this request into `method url` with `headers` and `body` on the route's upstream; the
   * answer goes to `callback` instead of the response callbacks. An error message if the URL
   * is invalid (nothing was changed) or C is not the plugin's config type.
   *
   *   const err = ctx.routeCall<MyConfig>("POST", "/v1/check", [["x-check", "1"]], body, onChecked);
   */
  routeCall<C>(
    method: string,
    url: string,
    headers: Array<string[]> | null,
    body: ArrayBuffer,
    callback: RouteCallback<C>,
  ): string | null {
    const c = this.matchedConfig;
    if (!(c instanceof C)) return "routeCall: the callback's config type is not the plugin's config type";
    return startRouteCall<C>(this, changetype<C>(c), method, url, headers, body, callback);
  }

  /** Go's NeedPauseStreamingResponse: after this chunk, the streaming response waits (StopIterationNoBuffer). */
  needPauseStreamingResponse(): void {
    checkPauses();
    extrasOf(this.id).paused = true;
  }

  private bufferQueue(): BufferQueue {
    let q = this.getContext<BufferQueue>(bufferQueueKey());
    if (q === null) this.setContext<BufferQueue>(bufferQueueKey(), (q = new BufferQueue()));
    return q;
  }

  /** Go's PushBuffer: keeps `buffer` at the end of this request's queue. */
  pushBuffer(buffer: ArrayBuffer): void {
    this.bufferQueue().items.push(buffer);
  }

  /** Go's PopBuffer: takes the oldest buffer; null if the queue is empty. */
  popBuffer(): ArrayBuffer | null {
    const items = this.bufferQueue().items;
    return items.length != 0 ? items.shift() : null;
  }

  /** Go's BufferQueueSize. */
  bufferQueueSize(): i32 {
    const q = this.getContext<BufferQueue>(bufferQueueKey());
    return q !== null ? q.items.length : 0;
  }
}
