// Scripts for the scripted fixture plugin (test/fixtures/scripted/core.ts): which host calls
// each callback makes, with which arguments, and what it returns. The script travels as the
// VM configuration; every host call's result comes back as a trace log line that `results()`
// parses.
import { fileURLToPath } from "node:url";
import { TestHost, type TestHostOptions } from "../../src/index.js";

export const FIXTURE_ENVOY = fileURLToPath(new URL("../fixtures/build/scripted-envoy.wasm", import.meta.url));
export const FIXTURE_HIGRESS = fileURLToPath(new URL("../fixtures/build/scripted-higress.wasm", import.meta.url));

const OPS = {
  log: 0,
  get_log_level: 1,
  get_current_time_nanoseconds: 2,
  set_tick_period_milliseconds: 3,
  get_buffer_bytes: 4,
  get_buffer_status: 5,
  set_buffer_bytes: 6,
  get_header_map_pairs: 7,
  set_header_map_pairs: 8,
  get_header_map_value: 9,
  add_header_map_value: 10,
  replace_header_map_value: 11,
  remove_header_map_value: 12,
  get_header_map_size: 13,
  get_property: 14,
  set_property: 15,
  continue_stream: 16,
  close_stream: 17,
  send_local_response: 18,
  http_call: 19,
  get_status: 20,
  set_shared_data: 21,
  get_shared_data: 22,
  register_shared_queue: 23,
  resolve_shared_queue: 24,
  enqueue_shared_queue: 25,
  dequeue_shared_queue: 26,
  define_metric: 27,
  increment_metric: 28,
  record_metric: 29,
  get_metric: 30,
  set_effective_context: 31,
  done: 32,
  call_foreign_function: 33,
  grpc_call: 34,
  grpc_stream: 35,
  grpc_send: 36,
  grpc_cancel: 37,
  grpc_close: 38,
  fd_write: 39,
  redis_init: 40,
  redis_call: 41,
  resolve_dns: 42,
  random_get: 43,
  clock_time_get: 44,
  environ: 45,
  proc_exit: 46,
} as const;
export type OpName = keyof typeof OPS;
const OP_NAMES = Object.fromEntries(Object.entries(OPS).map(([k, v]) => [v, k])) as Record<number, OpName>;

const CALLBACKS = {
  context_create: 0,
  vm_start: 1,
  configure: 2,
  tick: 3,
  queue_ready: 4,
  foreign_function: 5,
  request_headers: 6,
  request_body: 7,
  request_trailers: 8,
  response_headers: 9,
  response_body: 10,
  response_trailers: 11,
  http_call_response: 12,
  done: 13,
  log: 14,
  delete: 15,
  redis_call_response: 16,
  resolve_dns: 17,
} as const;
export type CallbackName = keyof typeof CALLBACKS;
const CALLBACK_NAMES = Object.fromEntries(Object.entries(CALLBACKS).map(([k, v]) => [v, k])) as Record<
  number,
  CallbackName
>;

/** A value known only when the callback runs. */
export type Var = { var: "ctx" | "arg1" | "arg2" | "arg3" | "arg4" | "last" | `saved${number}` };
export type Arg = number | string | Uint8Array | bigint | Var | { ptr: number; len: number };
export interface Op {
  code: number;
  args: Arg[];
}

export const ctx: Var = { var: "ctx" };
export const arg = (n: 1 | 2 | 3 | 4): Var => ({ var: `arg${n}` });
export const last: Var = { var: "last" };
export const saved = (n: number): Var => ({ var: `saved${n}` });

export const call = (name: OpName, ...args: Arg[]): Op => ({ code: OPS[name], args });
export const ret = (value: number): Op => ({ code: 100, args: [value] });
export const save = (slot: number, value: Arg): Op => ({ code: 101, args: [slot, value] });
/** Runs the next op only if callback argument `index` (0 = context id) equals `value`. */
export const ifArg = (index: 0 | 1 | 2 | 3, value: number): Op => ({ code: 102, args: [index, value] });
export const trap = (): Op => ({ code: 103, args: [] });
export const grow = (pages: number): Op => ({ code: 105, args: [pages] });
/** Returns `value` if the previous host call answered `rc`. */
export const retIfRc = (rc: number, value: number): Op => ({ code: 107, args: [rc, value] });
/** The next host call gets out-of-bounds result pointers. */
export const badSlots = (): Op => ({ code: 106, args: [] });

export type Script = Partial<Record<CallbackName, Op[]>>;

function varCode(v: Var["var"]): number {
  if (v === "ctx") return 0;
  if (v.startsWith("arg")) return Number(v.slice(3));
  if (v === "last") return 30;
  return 10 + Number(v.slice(5));
}

function encodeArg(a: Arg): Buffer {
  if (typeof a === "number") {
    const b = Buffer.alloc(5);
    b[0] = 0;
    b.writeUInt32LE(a >>> 0, 1);
    return b;
  }
  if (typeof a === "bigint") {
    const b = Buffer.alloc(9);
    b[0] = 2;
    b.writeBigInt64LE(BigInt.asIntN(64, a), 1);
    return b;
  }
  if (typeof a === "string" || a instanceof Uint8Array) {
    const data = typeof a === "string" ? Buffer.from(a, "utf8") : Buffer.from(a);
    const head = Buffer.alloc(5);
    head[0] = 1;
    head.writeUInt32LE(data.length, 1);
    return Buffer.concat([head, data]);
  }
  if ("var" in a) return Buffer.from([3, varCode(a.var)]);
  const b = Buffer.alloc(9);
  b[0] = 4;
  b.writeUInt32LE(a.ptr >>> 0, 1);
  b.writeUInt32LE(a.len >>> 0, 5);
  return b;
}

export function encodeScript(script: Script, options: { traceCallbacks?: boolean } = {}): Buffer {
  const sections: Buffer[] = [];
  for (const [name, ops] of Object.entries(script) as [CallbackName, Op[]][]) {
    const body = Buffer.concat(
      ops.map((op) => Buffer.concat([Buffer.from([op.code, op.args.length]), ...op.args.map(encodeArg)])),
    );
    const head = Buffer.alloc(5);
    head[0] = CALLBACKS[name];
    head.writeUInt32LE(body.length, 1);
    sections.push(head, body);
  }
  const header = Buffer.alloc(8);
  header.writeUInt32LE(options.traceCallbacks ? 1 : 0, 0);
  header.writeUInt32LE(Object.keys(script).length, 4);
  return Buffer.concat([header, ...sections]);
}

export interface ScriptedOptions extends Omit<TestHostOptions, "wasm" | "vmConfig"> {
  traceCallbacks?: boolean;
}

/** Starts the scripted plugin (higress build under the higress flavor). */
export function scripted(script: Script, options: ScriptedOptions = {}): Promise<TestHost> {
  const { traceCallbacks, ...rest } = options;
  return TestHost.start({
    ...rest,
    wasm: rest.flavor === "higress" ? FIXTURE_HIGRESS : FIXTURE_ENVOY,
    vmConfig: encodeScript(script, { traceCallbacks }),
  });
}

export function tryScripted(script: Script, options: ScriptedOptions = {}) {
  const { traceCallbacks, ...rest } = options;
  return TestHost.tryStart({
    ...rest,
    wasm: rest.flavor === "higress" ? FIXTURE_HIGRESS : FIXTURE_ENVOY,
    vmConfig: encodeScript(script, { traceCallbacks }),
  });
}

export interface OpResult {
  op: OpName;
  rc: number;
  /** Returned bytes (b:), when the call returns data. */
  bytes?: Buffer;
  /** A returned u32 (u:), e.g. a token, size or cas. */
  u?: number;
  /** A returned u64 (U:). */
  U?: bigint;
  /** get_buffer_status flags (f:). */
  f?: number;
}

/** The host calls the scripted plugin made, with their results, in order. */
export function results(host: TestHost): OpResult[] {
  const out: OpResult[] = [];
  for (const line of host.logs) {
    const m = /^@(\d+) (\d+)(.*)$/.exec(line.message);
    if (!m) continue;
    const r: OpResult = { op: OP_NAMES[Number(m[1])], rc: Number(m[2]) };
    for (const token of m[3].trim().split(" ").filter(Boolean)) {
      const [k, v] = [token.slice(0, token.indexOf(":")), token.slice(token.indexOf(":") + 1)];
      if (k === "b") r.bytes = Buffer.from(v, "hex");
      else if (k === "u") r.u = Number(v);
      else if (k === "U") r.U = BigInt(v);
      else if (k === "f") r.f = Number(v);
    }
    out.push(r);
  }
  return out;
}

/** The results of one kind of call. */
export function resultsOf(host: TestHost, op: OpName): OpResult[] {
  return results(host).filter((r) => r.op === op);
}

/** Callbacks the plugin received (with traceCallbacks), as "name ctx a1 a2 a3 a4". */
export function callbacks(host: TestHost): { name: CallbackName; args: number[] }[] {
  return host.logs
    .map((l) => /^@cb (\d+) (.*)$/.exec(l.message))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: CALLBACK_NAMES[Number(m[1])], args: m[2].split(" ").map(Number) }));
}

export const REQUEST = { ":authority": "example.com", ":method": "GET", ":path": "/get?a=1", ":scheme": "http" };
