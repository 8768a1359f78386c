// redis-ratelimit by hand, for a global limit (qpm 1,000,000 per 60 s window, the benchmarked
// configuration): the same host calls as the plugin, in the same order. Request: read the
// request facts the plugin's HttpContext reads, read the clock, send the window script's EVAL
// (a constant query: the key of a global limit never changes), pause. Answer: back on the
// request's context, read the reply, count it, resume (or 429). Response: read content-type
// and content-encoding as the plugin does, set the seed's, the IETF draft's and the X-RateLimit
// headers.
export * from "./callbacks"; // the callbacks this file declares replace those of callbacks.ts
import {
  Bytes,
  CONTINUE,
  REDIS_CALL_RESPONSE,
  REQUEST_HEADERS,
  RESPONSE_HEADERS,
  RET_LEN,
  RET_PTR,
  RET_U64,
  STOP_ALL_ITERATION_AND_WATERMARK,
  bytes,
  defineCounter,
  proxy_continue_stream,
  proxy_get_buffer_bytes,
  proxy_get_current_time_nanoseconds,
  proxy_increment_metric,
  readAndDrop,
  proxy_redis_call,
  proxy_redis_init,
  proxy_replace_header_map_value,
  proxy_send_local_response,
  proxy_set_effective_context,
} from "./abi";

const QPM: i64 = 1_000_000;
const WINDOW: i64 = 60;
const CLUSTER = bytes("outbound|6379||redis.static");
const EMPTY = bytes("");
const SCRIPT =
  "local c,k=redis.call,KEYS[1] local now=tonumber(c('TIME')[1]) local w=tonumber(ARGV[1]) local s=now-now%w local n=1 if c('HGET',k,'w')==tostring(s) then n=c('HINCRBY',k,'n',1) else c('HSET',k,'w',s,'n',1) end c('EXPIREAT',k,s+w) return {n,s,s+w-now}";
const KEY = "gatewasm-ratelimit:default:global";
const QUERY = bytes(
  `*5\r\n$4\r\nEVAL\r\n$${String.UTF8.byteLength(SCRIPT)}\r\n${SCRIPT}\r\n$1\r\n1\r\n$${KEY.length}\r\n${KEY}\r\n$2\r\n60\r\n`,
);
const FACTS: Bytes[] = [
  bytes(":scheme"),
  bytes(":authority"),
  bytes(":path"),
  bytes(":method"),
  bytes("x-request-id"),
  bytes("connection"),
  bytes("upgrade"),
  bytes("content-type"),
  bytes("content-encoding"),
];
const BODY_FACTS: Bytes[] = [bytes("content-type"), bytes("content-encoding")];
const TOO_MANY = bytes("Too many requests\n");
const DETAILS = bytes("redis_ratelimit_rejected");
const H_TIMESTAMP = bytes("timeStamp");
const H_LEFT = bytes("callTimeLeft");
const H_POLICY = bytes("RateLimit-Policy");
const H_RATELIMIT = bytes("RateLimit");
const H_LIMIT = bytes("X-RateLimit-Limit");
const H_REMAINING = bytes("X-RateLimit-Remaining");
const H_RESET = bytes("X-RateLimit-Reset");
let allowedMetric: u32 = 0;

/** The reply's numbers for one request, kept until its response headers. */
class Window {
  constructor(
    readonly count: i64,
    readonly start: i64,
    readonly reset: i64,
  ) {}
}
const waiting = new Map<u32, u32>(); // token -> context id
const windows = new Map<u32, Window>(); // context id -> its window

export function proxy_on_configure(rootId: u32, size: u32): bool {
  proxy_redis_init(CLUSTER.ptr, CLUSTER.len, EMPTY.ptr, 0, EMPTY.ptr, 0, 1000);
  allowedMetric = defineCounter("redis_ratelimit_allowed_total");
  return true;
}

export function proxy_on_request_headers(contextId: u32, headers: u32, endOfStream: bool): u32 {
  for (let i = 0; i < FACTS.length; i++) readAndDrop(REQUEST_HEADERS, unchecked(FACTS[i]));
  proxy_get_current_time_nanoseconds(RET_U64);
  if (proxy_redis_call(CLUSTER.ptr, CLUSTER.len, QUERY.ptr, QUERY.len, RET_PTR) != 0) return CONTINUE; // fail open
  waiting.set(load<u32>(RET_PTR), contextId);
  return STOP_ALL_ITERATION_AND_WATERMARK;
}

/** Reads ":<digits>\r\n" at `p`; the position after it, or 0 if malformed. The value lands in `parsed`. */
let parsed: i64 = 0;
function integerAt(p: usize, end: usize): usize {
  if (p >= end || load<u8>(p) != 0x3a) return 0;
  p++;
  let value: i64 = 0;
  let digits = 0;
  while (p < end && load<u8>(p) >= 0x30 && load<u8>(p) <= 0x39 && digits < 18) {
    value = value * 10 + <i64>(load<u8>(p) - 0x30);
    p++;
    digits++;
  }
  if (digits == 0 || p + 2 > end || load<u8>(p) != 13 || load<u8>(p + 1) != 10) return 0;
  parsed = value;
  return p + 2;
}

export function proxy_on_redis_call_response(rootId: u32, token: u32, status: u32, size: u32): void {
  if (!waiting.has(token)) return;
  const contextId = waiting.get(token);
  waiting.delete(token);
  if (proxy_set_effective_context(contextId) != 0) return;
  store<u32>(RET_PTR, 0);
  proxy_get_buffer_bytes(REDIS_CALL_RESPONSE, 0, size, RET_PTR, RET_LEN);
  const reply = <usize>load<u32>(RET_PTR);
  const end = reply + <usize>load<u32>(RET_LEN);
  let window: Window | null = null;
  if (reply != 0 && end - reply >= 4 && load<u32>(reply) == 0x0a0d332a) {
    // "*3\r\n"
    let p = integerAt(reply + 4, end);
    const count = parsed;
    if (p != 0) p = integerAt(p, end);
    const start = parsed;
    if (p != 0) p = integerAt(p, end);
    if (p != 0) window = new Window(count, start, parsed);
  }
  if (reply != 0) heap.free(reply);
  if (window === null) {
    // fail open, as the plugin does by default
    proxy_continue_stream(0);
    return;
  }
  windows.set(contextId, window);
  if (window.count > QPM) {
    proxy_send_local_response(429, DETAILS.ptr, DETAILS.len, TOO_MANY.ptr, TOO_MANY.len, 0, 0, -1);
    return;
  }
  proxy_increment_metric(allowedMetric, 1);
  proxy_continue_stream(0);
}

// Header values are composed in static memory: digits and the draft's structured fields.
const SCRATCH: usize = memory.data(128);
let at: usize = 0;

function put(b: Bytes): void {
  memory.copy(SCRATCH + at, b.ptr, b.len);
  at += b.len;
}

function putInt(v: i64): void {
  if (v == 0) {
    store<u8>(SCRATCH + at++, 0x30);
    return;
  }
  let n: usize = 0;
  for (let x = v; x > 0; x /= 10) n++;
  for (let i = n; i > 0; i--) {
    store<u8>(SCRATCH + at + i - 1, <u8>(0x30 + (v % 10)));
    v /= 10;
  }
  at += n;
}

function replaceWith(name: Bytes): void {
  proxy_replace_header_map_value(RESPONSE_HEADERS, name.ptr, name.len, SCRATCH, at);
  at = 0;
}

const POLICY_Q = bytes('"default";q=');
const POLICY_W = bytes(";w=");
const LIMIT_R = bytes('"default";r=');
const LIMIT_T = bytes(";t=");

export function proxy_on_response_headers(contextId: u32, headers: u32, endOfStream: bool): u32 {
  for (let i = 0; i < BODY_FACTS.length; i++) readAndDrop(RESPONSE_HEADERS, unchecked(BODY_FACTS[i]));
  if (!windows.has(contextId)) return CONTINUE;
  const w = windows.get(contextId);
  const remaining = w.count >= QPM ? 0 : QPM - w.count;
  putInt(w.start);
  replaceWith(H_TIMESTAMP);
  putInt(remaining);
  replaceWith(H_LEFT);
  put(POLICY_Q);
  putInt(QPM);
  put(POLICY_W);
  putInt(WINDOW);
  replaceWith(H_POLICY);
  put(LIMIT_R);
  putInt(remaining);
  put(LIMIT_T);
  putInt(w.reset);
  replaceWith(H_RATELIMIT);
  putInt(QPM);
  replaceWith(H_LIMIT);
  putInt(remaining);
  replaceWith(H_REMAINING);
  putInt(w.reset);
  replaceWith(H_RESET);
  return CONTINUE;
}

// The minimal runtime (the plugins' too) collects only when asked: the end of a stream is
// where a hand-written module under it would ask, as the SDK does.
export function proxy_on_delete(contextId: u32): void {
  windows.delete(contextId);
  __collect();
}
