// RESP (Redis serialization protocol, RESP2) for the Redis client: commands are encoded as an
// array of bulk strings; replies are read by a bounded reader that never traps. Lengths are
// checked against the bytes actually present, counts and nesting are limited, and anything
// malformed becomes a value whose error() says so.
import { CallError, CallErrorKind } from "./call-error";
import { utf8Encode } from "../abi/utf8";

export enum RespType { SimpleString = 0, Error = 1, Integer = 2, BulkString = 3, Array = 4, Null = 5, Failure = 6 }

/** Nested arrays deeper than this are refused (replies of the commands we send are shallow). */
const MAX_DEPTH: i32 = 16;

export class RespValue {
  text: string = "";
  integerValue: i64 = 0;
  items: RespValue[] = [];
  failure: CallError | null = null;

  constructor(public readonly type: RespType) {}

  static failed(kind: CallErrorKind, message: string): RespValue {
    const v = new RespValue(RespType.Failure);
    v.failure = new CallError(kind, message);
    return v;
  }

  /**
   * Why the call failed, or null: a transport failure (timeout, connection), an error reply
   * (ServerError / NoAuth) or a malformed reply.
   *
   *   if (response.error() !== null) log.error("call redis error: " + response.error()!.toString());
   */
  error(): CallError | null {
    if (this.type == RespType.Failure) return this.failure;
    if (this.type == RespType.Error) {
      return new CallError(this.text.startsWith("NOAUTH") ? CallErrorKind.NoAuth : CallErrorKind.ServerError, this.text);
    }
    return null;
  }

  isError(): bool { return this.type == RespType.Error || this.type == RespType.Failure; }
  isNull(): bool { return this.type == RespType.Null; }

  /** An integer reply, or a string reply holding one; 0 otherwise. */
  integer(): i64 {
    if (this.type == RespType.Integer) return this.integerValue;
    if (this.type == RespType.BulkString || this.type == RespType.SimpleString) {
      const v = parseDecimal(this.text);
      return v !== null ? v.value : 0;
    }
    return 0;
  }

  /** The text of a string, error or integer reply; "" otherwise. */
  string(): string {
    if (this.type == RespType.Integer) return this.integerValue.toString();
    return this.text;
  }

  /** The elements of an array reply; [] otherwise. */
  array(): RespValue[] { return this.items; }
}

class Decimal { constructor(public value: i64) {} }

/** A signed decimal that fits i64; null otherwise. */
function parseDecimal(s: string): Decimal | null {
  const n = s.length;
  if (n == 0 || n > 20) return null;
  let i = 0;
  const negative = s.charCodeAt(0) == 0x2d;
  if (negative) { i = 1; if (n == 1) return null; }
  let v: i64 = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return null;
    const d = <i64>(c - 0x30);
    if (v < (i64.MIN_VALUE + d) / 10) return null;
    v = v * 10 - d;
  }
  if (!negative) {
    if (v == i64.MIN_VALUE) return null;
    v = -v;
  }
  return new Decimal(v);
}

/** Reads one reply from bytes; a Failure value (MalformedReply) if they are not exactly one valid reply. */
export function parseResp(bytes: ArrayBuffer): RespValue {
  const reader = new RespReader(bytes);
  const v = reader.value(0);
  if (v.type != RespType.Failure && reader.at != bytes.byteLength) return malformed("trailing bytes after the reply");
  return v;
}

function malformed(why: string): RespValue { return RespValue.failed(CallErrorKind.MalformedReply, "malformed redis reply: " + why); }

class RespReader {
  at: i32 = 0;
  constructor(private readonly bytes: ArrayBuffer) {}

  private byte(i: i32): u32 { return <u32>load<u8>(changetype<usize>(this.bytes) + <usize>i); }

  /** The line from `at` up to CRLF (exclusive); null if there is no CRLF. Advances past it. */
  private line(): string | null {
    const end = this.bytes.byteLength;
    for (let i = this.at; i + 1 < end; i++) {
      if (this.byte(i) == 0x0d && this.byte(i + 1) == 0x0a) {
        const s = String.UTF8.decodeUnsafe(changetype<usize>(this.bytes) + <usize>this.at, <usize>(i - this.at));
        this.at = i + 2;
        return s;
      }
    }
    return null;
  }

  value(depth: i32): RespValue {
    const end = this.bytes.byteLength;
    if (this.at >= end) return malformed("unexpected end");
    const kind = this.byte(this.at);
    this.at++;
    const line = this.line();
    if (line === null) return malformed("missing CRLF");
    if (kind == 0x2b) { const v = new RespValue(RespType.SimpleString); v.text = line; return v; } // +
    if (kind == 0x2d) { const v = new RespValue(RespType.Error); v.text = line; return v; } // -
    if (kind == 0x3a) { // :
      const n = parseDecimal(line);
      if (n === null) return malformed("bad integer");
      const v = new RespValue(RespType.Integer);
      v.integerValue = n.value;
      return v;
    }
    if (kind == 0x24) { // $
      const n = parseDecimal(line);
      if (n === null) return malformed("bad bulk length");
      if (n.value == -1) return new RespValue(RespType.Null);
      if (n.value < 0 || n.value > <i64>(end - this.at - 2)) return malformed("bulk length beyond the reply");
      const len = <i32>n.value;
      if (this.byte(this.at + len) != 0x0d || this.byte(this.at + len + 1) != 0x0a) return malformed("bulk string not followed by CRLF");
      const v = new RespValue(RespType.BulkString);
      v.text = String.UTF8.decodeUnsafe(changetype<usize>(this.bytes) + <usize>this.at, <usize>len);
      this.at += len + 2;
      return v;
    }
    if (kind == 0x2a) { // *
      const n = parseDecimal(line);
      if (n === null) return malformed("bad array length");
      if (n.value == -1) return new RespValue(RespType.Null);
      // Every element takes at least 3 bytes, so a count beyond that is a lie (and no huge allocation).
      if (n.value < 0 || n.value > <i64>(end - this.at) / 3) return malformed("array length beyond the reply");
      if (depth >= MAX_DEPTH) return malformed("nested too deeply");
      const v = new RespValue(RespType.Array);
      const count = <i32>n.value;
      for (let i = 0; i < count; i++) {
        const item = this.value(depth + 1);
        if (item.type == RespType.Failure) return item;
        v.items.push(item);
      }
      return v;
    }
    return malformed("unknown type byte");
  }
}

/** Encodes a command as a RESP array of bulk strings (what Redis and Envoy's redis proxy expect). */
export function encodeCommand(args: string[]): ArrayBuffer {
  const n = args.length;
  let size: usize = 0;
  const countText = "*" + n.toString() + "\r\n";
  size += utf8Encode(countText, 0);
  const lengths = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const bytes = utf8Encode(unchecked(args[i]), 0);
    const header = "$" + bytes.toString() + "\r\n";
    unchecked(lengths[i] = header);
    size += utf8Encode(header, 0) + bytes + 2;
  }
  const buf = new ArrayBuffer(<i32>size);
  let at = changetype<usize>(buf);
  at += utf8Encode(countText, at);
  for (let i = 0; i < n; i++) {
    at += utf8Encode(unchecked(lengths[i]), at);
    at += utf8Encode(unchecked(args[i]), at);
    store<u8>(at, 0x0d);
    store<u8>(at + 1, 0x0a);
    at += 2;
  }
  return buf;
}
