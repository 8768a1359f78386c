// http-call by hand, for the seed's configuration (token.static, /token, x-token) on the
// benchmarked request: the same host calls as the plugin, in the same order. Request: drop a
// client's x-token, read the clock (the plugin's token cache), read the request facts the
// plugin's HttpContext reads (:scheme, :authority, :path, :method, x-request-id), call the
// token service, count the call, pause. Answer: back on the request's context, read the
// answer's headers, ask the log level (and log at debug if the host keeps it), read the clock (cache store), add x-token, resume.
export * from "./callbacks"; // the callbacks this file declares replace those of callbacks.ts
import {
  Bytes,
  CONTINUE,
  HTTP_CALL_RESPONSE_HEADERS,
  LOG_DEBUG,
  REQUEST_HEADERS,
  RET_LEN,
  RET_PTR,
  RET_U64,
  STOP_ALL_ITERATION_AND_WATERMARK,
  bytes,
  defineCounter,
  proxy_add_header_map_value,
  proxy_continue_stream,
  proxy_get_current_time_nanoseconds,
  proxy_get_header_map_pairs,
  proxy_get_header_map_value,
  proxy_get_log_level,
  proxy_http_call,
  proxy_increment_metric,
  proxy_log,
  proxy_remove_header_map_value,
  proxy_send_local_response,
  proxy_set_effective_context,
  readAndDrop,
} from "./abi";

const TOKEN = bytes("x-token");
const CLUSTER = bytes("outbound|80||token.static");
const FACTS: Bytes[] = [bytes(":scheme"), bytes(":authority"), bytes(":path"), bytes(":method")];
const REQUEST_ID = bytes("x-request-id");
const STATUS = bytes(":status");
const OK = bytes("200");
const LOG_START = bytes("[http-call] [");
const LOG_END = bytes("] token service answered 200; x-token added");
const FAILED = bytes("http call failed");
const CALL_HEADERS = encodePairs([":method", "GET", ":path", "/token", ":authority", "token.static"]);
let callsMetric: u32 = 0;

/** A request waiting for its token: its context and its x-request-id (host memory, ours to free). */
class Waiting {
  constructor(
    readonly contextId: u32,
    readonly idPtr: usize,
    readonly idLen: usize,
  ) {}
}
const waiting = new Map<u32, Waiting>();

/** The ABI's header-pairs encoding of [name, value, name, value, …]. */
function encodePairs(items: string[]): ArrayBuffer {
  const n = items.length >> 1;
  let size = 4 + 8 * n;
  for (let i = 0; i < items.length; i++) size += String.UTF8.byteLength(items[i]) + 1;
  const out = new ArrayBuffer(size);
  const base = changetype<usize>(out);
  store<u32>(base, n);
  let data = base + 4 + 8 * n;
  for (let i = 0; i < items.length; i++) {
    const len = String.UTF8.encodeUnsafe(changetype<usize>(items[i]), items[i].length, data);
    store<u32>(base + 4 + 4 * i, <u32>len);
    store<u8>(data + len, 0);
    data += len + 1;
  }
  return out;
}

function equals(ptr: usize, len: usize, b: Bytes): bool {
  return len == b.len && memory.compare(ptr, b.ptr, len) == 0;
}

export function proxy_on_configure(rootId: u32, size: u32): bool {
  callsMetric = defineCounter("http_call_calls_total");
  return true;
}

export function proxy_on_request_headers(contextId: u32, headers: u32, endOfStream: bool): u32 {
  proxy_remove_header_map_value(REQUEST_HEADERS, TOKEN.ptr, TOKEN.len);
  proxy_get_current_time_nanoseconds(RET_U64);
  for (let i = 0; i < FACTS.length; i++) readAndDrop(REQUEST_HEADERS, unchecked(FACTS[i]));
  store<u32>(RET_PTR, 0);
  store<u32>(RET_LEN, 0);
  proxy_get_header_map_value(REQUEST_HEADERS, REQUEST_ID.ptr, REQUEST_ID.len, RET_PTR, RET_LEN);
  const idPtr = <usize>load<u32>(RET_PTR);
  const idLen = <usize>load<u32>(RET_LEN);
  const result = proxy_http_call(
    CLUSTER.ptr,
    CLUSTER.len,
    changetype<usize>(CALL_HEADERS),
    CALL_HEADERS.byteLength,
    0,
    0,
    0,
    0,
    500,
    RET_PTR,
  );
  if (result != 0) {
    if (idPtr != 0) heap.free(idPtr);
    return CONTINUE;
  }
  waiting.set(load<u32>(RET_PTR), new Waiting(contextId, idPtr, idLen));
  proxy_increment_metric(callsMetric, 1);
  return STOP_ALL_ITERATION_AND_WATERMARK;
}

export function proxy_on_http_call_response(
  rootId: u32,
  token: u32,
  numHeaders: u32,
  bodySize: u32,
  numTrailers: u32,
): void {
  if (!waiting.has(token)) return;
  const w = waiting.get(token);
  waiting.delete(token);
  if (proxy_set_effective_context(w.contextId) == 0) answer(w);
  if (w.idPtr != 0) heap.free(w.idPtr);
}

function answer(w: Waiting): void {
  store<u32>(RET_PTR, 0);
  proxy_get_header_map_pairs(HTTP_CALL_RESPONSE_HEADERS, RET_PTR, RET_LEN);
  const pairs = <usize>load<u32>(RET_PTR);
  let ok = false;
  let valuePtr: usize = 0;
  let valueLen: usize = 0;
  if (pairs != 0) {
    const n = <usize>load<u32>(pairs);
    let data = pairs + 4 + 8 * n;
    for (let i: usize = 0; i < n; i++) {
      const kl = <usize>load<u32>(pairs + 4 + 8 * i);
      const vl = <usize>load<u32>(pairs + 8 + 8 * i);
      const v = data + kl + 1;
      if (equals(data, kl, STATUS)) ok = equals(v, vl, OK);
      else if (equals(data, kl, TOKEN) && valuePtr == 0) {
        valuePtr = v;
        valueLen = vl;
      }
      data = v + vl + 1;
    }
  }
  if (ok && valueLen != 0 && plainValue(valuePtr, valueLen)) {
    logAnswered(w);
    proxy_get_current_time_nanoseconds(RET_U64);
    proxy_add_header_map_value(REQUEST_HEADERS, TOKEN.ptr, TOKEN.len, valuePtr, valueLen);
    proxy_continue_stream(0);
  } else {
    proxy_send_local_response(500, 0, 0, FAILED.ptr, FAILED.len, 0, 0, -1);
  }
  if (pairs != 0) heap.free(pairs);
}

/** No CR, LF or NUL: the value would split or corrupt the request. */
function plainValue(ptr: usize, len: usize): bool {
  for (let i: usize = 0; i < len; i++) {
    const c = load<u8>(ptr + i);
    if (c == 0 || c == 10 || c == 13) return false;
  }
  return true;
}

function logAnswered(w: Waiting): void {
  // Ask the level first, as the SDK does: a debug line the host drops is not built.
  store<u32>(RET_PTR, 0);
  if (proxy_get_log_level(RET_PTR) == 0 && load<u32>(RET_PTR) > LOG_DEBUG) return;
  const len = LOG_START.len + w.idLen + LOG_END.len;
  const line = heap.alloc(len);
  memory.copy(line, LOG_START.ptr, LOG_START.len);
  memory.copy(line + LOG_START.len, w.idPtr, w.idLen);
  memory.copy(line + LOG_START.len + w.idLen, LOG_END.ptr, LOG_END.len);
  proxy_log(LOG_DEBUG, line, len);
  heap.free(line);
}

// The minimal runtime (the plugins' too) collects only when asked: the end of a stream is
// where a hand-written module under it would ask, as the SDK does.
export function proxy_on_delete(contextId: u32): void {
  __collect();
}
