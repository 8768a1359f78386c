// RESP (Redis serialization protocol, RESP2) for the Redis client: commands are encoded as an
// array of bulk strings; replies are read by a bounded reader that never traps. Lengths are
// checked against the bytes actually present, counts and nesting are limited, and anything
// malformed becomes a value whose error() says so.
import { CallError, CallErrorKind } from "./call-error";
import { utf8Encode } from "../abi/utf8";
import { newBytes } from "../abi/memory";

export enum RespType {
  SimpleString = 0,
  Error = 1,
  Integer = 2,
  BulkString = 3,
  Array = 4,
  Null = 5,
  Failure = 6,
}

/** Nested arrays deeper than this are refused (replies of the commands we send are shallow). */
const MAX_DEPTH: i32 = 16;

export class RespValue {
  text: string = "";
  integerValue: i64 = 0;
  failure: CallError | null = null;
  // Only array replies have elements: the others do not allocate a list.
  private items_: RespValue[] | null = null;

  constructor(public readonly type: RespType) {}

  static failed(kind: CallErrorKind, message: string): RespValue {
    const v = new RespValue(RespType.Failure);
    v.failure = new CallError(kind, message);
    return v;
  }

  /** The elements of an array reply (empty for other replies). */
  get items(): RespValue[] {
    let items = this.items_;
    if (items === null) this.items_ = items = [];
    return items;
  }
  set items(items: RespValue[]) {
    this.items_ = items;
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
      return new CallError(
        this.text.startsWith("NOAUTH") ? CallErrorKind.NoAuth : CallErrorKind.ServerError,
        this.text,
      );
    }
    return null;
  }

  isError(): bool {
    return this.type == RespType.Error || this.type == RespType.Failure;
  }
  isNull(): bool {
    return this.type == RespType.Null;
  }

  /** An integer reply, or a string reply holding one; 0 otherwise. */
  integer(): i64 {
    if (this.type == RespType.Integer) return this.integerValue;
    if (this.type == RespType.BulkString || this.type == RespType.SimpleString) {
      const s = this.text;
      return parseDecimal(changetype<usize>(s), <usize>s.length, 2) ? decimal : 0;
    }
    return 0;
  }

  /** The text of a string, error or integer reply; "" otherwise. */
  string(): string {
    if (this.type == RespType.Integer) return this.integerValue.toString();
    return this.text;
  }

  /** The elements of an array reply; [] otherwise. */
  array(): RespValue[] {
    return this.items;
  }
}

/** The value of the last parseDecimal that answered true (a global: no object per number). */
let decimal: i64 = 0;

/**
 * A signed decimal that fits i64, in `n` characters of `width` bytes (1: the reply's bytes, 2: a
 * string's UTF-16 units) at `p`; the value lands in `decimal`.
 */
function parseDecimal(p: usize, n: usize, width: usize): bool {
  if (n == 0 || n > 20) return false;
  let i: usize = 0;
  const negative = load<u8>(p) == 0x2d && (width == 1 || load<u16>(p) == 0x2d);
  if (negative) {
    i = 1;
    if (n == 1) return false;
  }
  let v: i64 = 0;
  for (; i < n; i++) {
    const c = width == 1 ? <u32>load<u8>(p + i) : <u32>load<u16>(p + (i << 1));
    if (c < 0x30 || c > 0x39) return false;
    const d = <i64>(c - 0x30);
    if (v < (i64.MIN_VALUE + d) / 10) return false;
    v = v * 10 - d;
  }
  if (!negative) {
    if (v == i64.MIN_VALUE) return false;
    v = -v;
  }
  decimal = v;
  return true;
}

/** Reads one reply from bytes; a Failure value (MalformedReply) if they are not exactly one valid reply. */
export function parseResp(bytes: ArrayBuffer): RespValue {
  const reader = new RespReader(bytes);
  const v = reader.value(0);
  if (v.type != RespType.Failure && reader.at != bytes.byteLength) return malformed("trailing bytes after the reply");
  return v;
}

function malformed(why: string): RespValue {
  return RespValue.failed(CallErrorKind.MalformedReply, "malformed redis reply: " + why);
}

class RespReader {
  at: i32 = 0;
  /** Where the last line() started and how long it is (CRLF excluded). */
  private lineStart: usize = 0;
  private lineLength: usize = 0;
  constructor(private readonly bytes: ArrayBuffer) {}

  private byte(i: i32): u32 {
    return <u32>load<u8>(changetype<usize>(this.bytes) + <usize>i);
  }

  /** Finds the line from `at` up to CRLF (exclusive); false if there is no CRLF. Advances past it. */
  private line(): bool {
    const end = this.bytes.byteLength;
    for (let i = this.at; i + 1 < end; i++) {
      if (this.byte(i) == 0x0d && this.byte(i + 1) == 0x0a) {
        this.lineStart = changetype<usize>(this.bytes) + <usize>this.at;
        this.lineLength = <usize>(i - this.at);
        this.at = i + 2;
        return true;
      }
    }
    return false;
  }

  /** The line as text (simple strings and errors). */
  private lineText(): string {
    return String.UTF8.decodeUnsafe(this.lineStart, this.lineLength);
  }

  /** The line as a decimal, into `decimal` (integers and lengths: no string made). */
  private lineNumber(): bool {
    return parseDecimal(this.lineStart, this.lineLength, 1);
  }

  value(depth: i32): RespValue {
    const end = this.bytes.byteLength;
    if (this.at >= end) return malformed("unexpected end");
    const kind = this.byte(this.at);
    this.at++;
    if (!this.line()) return malformed("missing CRLF");
    if (kind == 0x2b) {
      const v = new RespValue(RespType.SimpleString);
      v.text = this.lineText();
      return v;
    } // +
    if (kind == 0x2d) {
      const v = new RespValue(RespType.Error);
      v.text = this.lineText();
      return v;
    } // -
    if (kind == 0x3a) {
      // :
      if (!this.lineNumber()) return malformed("bad integer");
      const v = new RespValue(RespType.Integer);
      v.integerValue = decimal;
      return v;
    }
    if (kind == 0x24) {
      // $
      if (!this.lineNumber()) return malformed("bad bulk length");
      const n = decimal;
      if (n == -1) return new RespValue(RespType.Null);
      if (n < 0 || n > <i64>(end - this.at - 2)) return malformed("bulk length beyond the reply");
      const len = <i32>n;
      if (this.byte(this.at + len) != 0x0d || this.byte(this.at + len + 1) != 0x0a)
        return malformed("bulk string not followed by CRLF");
      const v = new RespValue(RespType.BulkString);
      v.text = String.UTF8.decodeUnsafe(changetype<usize>(this.bytes) + <usize>this.at, <usize>len);
      this.at += len + 2;
      return v;
    }
    if (kind == 0x2a) {
      // *
      if (!this.lineNumber()) return malformed("bad array length");
      const n = decimal;
      if (n == -1) return new RespValue(RespType.Null);
      // Every element takes at least 3 bytes, so a count beyond that is a lie (and no huge allocation).
      if (n < 0 || n > <i64>(end - this.at) / 3) return malformed("array length beyond the reply");
      if (depth >= MAX_DEPTH) return malformed("nested too deeply");
      const v = new RespValue(RespType.Array);
      const count = <i32>n;
      const items = new Array<RespValue>(count);
      for (let i = 0; i < count; i++) {
        const item = this.value(depth + 1);
        if (item.type == RespType.Failure) return item;
        unchecked((items[i] = item));
      }
      v.items = items;
      return v;
    }
    return malformed("unknown type byte");
  }
}

// ---- commands ----------------------------------------------------------------------------------
// A command is a RESP array of bulk strings (what Redis and Envoy's redis proxy expect), written
// into one buffer of the exact size: no text per length, no copy per argument.

function digits(n: usize): usize {
  let d: usize = 1;
  while (n >= 10) {
    n /= 10;
    d++;
  }
  return d;
}

/** Writes `n` in decimal at `at`; returns the position after it. */
function putDecimal(at: usize, n: usize): usize {
  const d = digits(n);
  for (let i = d; i > 0; i--) {
    store<u8>(at + i - 1, <u8>(0x30 + (n % 10)));
    n /= 10;
  }
  return at + d;
}

/** Writes `<mark><n>\r\n` (`*3\r\n`, `$5\r\n`). */
function putHeader(at: usize, mark: u8, n: usize): usize {
  store<u8>(at, mark);
  at = putDecimal(at + 1, n);
  store<u16>(at, 0x0a0d);
  return at + 2;
}

/** The bytes of `args` as bulk strings. */
function bulksSize(args: string[]): usize {
  let size: usize = 0;
  for (let i = 0, n = args.length; i < n; i++) {
    const len = utf8Encode(unchecked(args[i]), 0);
    size += 1 + digits(len) + 2 + len + 2;
  }
  return size;
}

function putBulks(at: usize, args: string[]): usize {
  for (let i = 0, n = args.length; i < n; i++) {
    const s = unchecked(args[i]);
    at = putHeader(at, 0x24, utf8Encode(s, 0));
    at += utf8Encode(s, at);
    store<u16>(at, 0x0a0d);
    at += 2;
  }
  return at;
}

/** Encodes a command as a RESP array of bulk strings. */
export function encodeCommand(args: string[]): ArrayBuffer {
  return encodeCommandAfter(null, 0, args, null);
}

/** `args` as bulk strings, encoded once for commands that repeat them (encodeCommandAfter). */
export function encodeBulks(args: string[]): ArrayBuffer {
  const buf = newBytes(bulksSize(args));
  putBulks(changetype<usize>(buf), args);
  return buf;
}

/**
 * A command of `prefixCount` arguments already encoded (encodeBulks), then `args`, then `more`:
 *
 *   encodeCommandAfter(EVAL_AND_SCRIPT, 3, keys, args)   // EVAL, script, numkeys, keys…, args…
 */
export function encodeCommandAfter(
  prefix: ArrayBuffer | null,
  prefixCount: i32,
  args: string[],
  more: string[] | null,
): ArrayBuffer {
  const count = <usize>prefixCount + <usize>args.length + (more !== null ? <usize>more.length : 0);
  const prefixSize = prefix !== null ? <usize>prefix.byteLength : 0;
  const size = 1 + digits(count) + 2 + prefixSize + bulksSize(args) + (more !== null ? bulksSize(more) : 0);
  const buf = newBytes(size);
  let at = putHeader(changetype<usize>(buf), 0x2a, count);
  if (prefix !== null) {
    memory.copy(at, changetype<usize>(prefix), prefixSize);
    at += prefixSize;
  }
  at = putBulks(at, args);
  if (more !== null) putBulks(at, more);
  return buf;
}
