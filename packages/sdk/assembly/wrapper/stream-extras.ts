// Per-stream state of the Higress features that hook into every request (execution phase,
// paused streaming response, route call), kept in a table by context id rather than in
// HttpContext fields, which would cost every plugin. Each feature installs its stream hook the
// first time the plugin uses it (the HttpContext member calls the install function), so a
// plugin that never uses a feature compiles none of this.
import { BufferType, DataAction, HeaderAction, LogLevel } from "../abi/enums";
import * as types from "../abi/types";
import { newBytes } from "../abi/memory";
import { tableGet } from "../context/context-table";
import { getBuffer } from "../proxywasm/buffer";
import { getHttpResponseHeader, getHttpResponseHeaders, removeHttpResponseHeader } from "../proxywasm/headers";
import { log } from "../proxywasm/log";
import { setPausedHook, setPhaseHook, setRouteCallHooks } from "./stream-hooks";
import { Context } from "../context/context";

function idOf(stream: usize): u32 {
  return changetype<Context>(stream).id;
}

/** A route call in flight: what to do with its answer (./route-call.ts). */
export abstract class RouteCallState {
  /** The response will have a body: make sure the stream reads it. */
  abstract awaitBody(): void;
  abstract respond(statusCode: i32, headers: Array<string[]>, body: ArrayBuffer): void;
}

class StreamExtras {
  phase: i32 = 0;
  phaseKnown: bool = false;
  paused: bool = false;
  route: RouteCallState | null = null;
  constructor(readonly id: u32) {}
}

// Typed Object: a module global of type StreamExtras[] would put the class (its runtime type
// info) into every plugin, used or not.
let table: Object | null = null;

function entries(): StreamExtras[] | null {
  const t = table;
  return t !== null ? changetype<StreamExtras[]>(t) : null;
}

/** Drops the entries of streams Envoy has deleted (their context is gone from the table). */
function sweep(t: StreamExtras[]): void {
  let kept = 0;
  for (let i = 0; i < t.length; i++) {
    const e = unchecked(t[i]);
    if (tableGet(e.id) !== null) unchecked((t[kept++] = e));
  }
  t.length = kept;
}

/** Stream `id`'s extras; null if none were made. */
export function peekExtras(id: u32): StreamExtras | null {
  const t = entries();
  if (t === null) return null;
  for (let i = 0; i < t.length; i++) {
    const e = unchecked(t[i]);
    if (e.id == id) return e;
  }
  return null;
}

/**
 * Stream `id`'s extras, made on first use. Entries of deleted streams are dropped whenever a
 * new one is made, so the table holds at most the live streams (and no hook on deletion is
 * needed in every plugin).
 */
export function extrasOf(id: u32): StreamExtras {
  const found = peekExtras(id);
  if (found !== null) return found;
  let t = entries();
  if (t === null) {
    t = [];
    table = t;
  } else {
    sweep(t);
  }
  const e = new StreamExtras(id);
  t.push(e);
  return e;
}

// ---- execution phase ----

function recordPhase(stream: usize, phase: i32): void {
  const e = extrasOf(idOf(stream));
  e.phase = phase;
  e.phaseKnown = true;
}

/** Records every stream's phase from now on (getExecutionPhase calls it). */
export function trackPhases(): void {
  setPhaseHook(recordPhase);
}

// ---- paused streaming response ----

function pausedOf(stream: usize): bool {
  const e = peekExtras(idOf(stream));
  return e !== null && e.paused;
}

/** Makes the streams check for paused streaming responses (needPauseStreamingResponse calls it). */
export function checkPauses(): void {
  setPausedHook(pausedOf);
}

// ---- route calls (Go's OnHttpResponseHeaders/Body with a responseCallback) ----

function statusOf(): i32 {
  const s = getHttpResponseHeader(":status");
  if (s === null || s.length == 0) return 500;
  const n = I32.parseInt(s);
  return n > 0 ? n : 0; // Go: strconv.Atoi's error leaves 0
}

function routeHeaders(stream: usize, endOfStream: bool): i32 {
  const e = peekExtras(idOf(stream));
  const call = e !== null ? e.route : null;
  if (call === null) return -1;
  if (endOfStream) {
    const headers = getHttpResponseHeaders();
    call.respond(statusOf(), headers !== null ? headers : [], newBytes(0));
    return types.HeaderStopAllIterationAndWatermark;
  }
  call.awaitBody();
  return types.HeaderStopIteration;
}

function routeBody(stream: usize, bodySize: usize, endOfStream: bool): i32 {
  const e = peekExtras(idOf(stream));
  const call = e !== null ? e.route : null;
  if (call === null) return -1;
  if (!endOfStream) return types.DataStopIterationAndBuffer;
  const body = getBuffer(BufferType.HttpResponseBody, 0, <u32>bodySize);
  if (body === null) {
    log(LogLevel.Warn, "get response body failed");
    return types.DataContinue;
  }
  const status = statusOf();
  removeHttpResponseHeader("content-length");
  const headers = getHttpResponseHeaders();
  call.respond(status, headers !== null ? headers : [], body);
  return types.DataContinue;
}

/** Makes the streams hand route calls' responses to their callbacks (routeCall calls it). */
export function handleRouteCalls(): void {
  setRouteCallHooks(routeHeaders, routeBody);
}
