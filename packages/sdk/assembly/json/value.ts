// A gjson-like reader over a validated JSON document: `json.get("redis.timeout").int(1000)`.
// Values are (document, byte range, type, path) views; nothing is parsed until asked for.
// Typed getters return the default for a missing (or null) value and record an error naming
// the path for a value of the wrong type; `require` records a missing value. The wrapper fails
// on_configure with the first recorded error, so
//
//   config.tokenHeader = json.require("tokenHeader").string();
//   config.timeout = json.get("timeout").int(500);
//
// is all the checking a parseConfig needs.
import { ConfigError } from "./config-error";
import { lastScanError, lastScanOffset, scanValue, skipSpace, validateDocument } from "./scan";
import { decodeString, intOk, keyIs, parseInteger, parseNumber } from "./text";
import { utf8 } from "../abi/memory";

export enum JsonType {
  Missing = 0,
  Null = 1,
  Bool = 2,
  Number = 3,
  String = 4,
  Array = 5,
  Object = 6,
}

function typeName(t: JsonType): string {
  switch (t) {
    case JsonType.Null:
      return "null";
    case JsonType.Bool:
      return "a boolean";
    case JsonType.Number:
      return "a number";
    case JsonType.String:
      return "a string";
    case JsonType.Array:
      return "an array";
    case JsonType.Object:
      return "an object";
    default:
      return "nothing";
  }
}

/** The bytes being read and the first error found in them. */
export class JsonDocument {
  firstError: ConfigError | null = null;
  constructor(readonly bytes: ArrayBuffer) {}

  record(error: ConfigError): ConfigError {
    if (this.firstError === null) this.firstError = error;
    return error;
  }
}

function typeAt(bytes: ArrayBuffer, p: i32): JsonType {
  const c = load<u8>(changetype<usize>(bytes) + <usize>p);
  if (c == 0x7b) return JsonType.Object;
  if (c == 0x5b) return JsonType.Array;
  if (c == 0x22) return JsonType.String;
  if (c == 0x74 || c == 0x66) return JsonType.Bool;
  if (c == 0x6e) return JsonType.Null;
  return JsonType.Number;
}

export class JsonValue {
  constructor(
    readonly doc: JsonDocument,
    readonly start: i32,
    readonly end: i32,
    readonly type: JsonType,
    /** Where this value is, for error messages: `redis.timeout`, `_rules_[0]`; "" is the root. */
    readonly path: string,
  ) {}

  /** True unless the value is absent. (A JSON null exists; the typed getters treat it as absent.) */
  exists(): bool {
    return this.type != JsonType.Missing;
  }
  isNull(): bool {
    return this.type == JsonType.Null;
  }
  isObject(): bool {
    return this.type == JsonType.Object;
  }
  isArray(): bool {
    return this.type == JsonType.Array;
  }
  isString(): bool {
    return this.type == JsonType.String;
  }
  isNumber(): bool {
    return this.type == JsonType.Number;
  }
  isBool(): bool {
    return this.type == JsonType.Bool;
  }

  private get absent(): bool {
    return this.type <= JsonType.Null;
  }

  /**
   * The value at a dot-separated path below this one (gjson syntax: `a.b`, `list.0`, `\.`
   * escapes a dot). Never null: a missing value answers exists() == false.
   */
  get(path: string): JsonValue {
    // Fast path: a plain key.
    if (path.indexOf(".") < 0 && path.indexOf("\\") < 0) return path.length == 0 ? this : this.child(path);
    let v: JsonValue = this;
    let seg = "";
    let from = 0;
    for (let i = 0, n = path.length; i < n; i++) {
      const c = path.charCodeAt(i);
      if (c == 0x5c && i + 1 < n) {
        // `\x` is a literal x (e.g. a dot inside a key)
        seg += path.substring(from, i) + path.charAt(i + 1);
        from = ++i + 1;
      } else if (c == 0x2e) {
        v = v.child(seg + path.substring(from, i));
        seg = "";
        from = i + 1;
      }
    }
    return v.child(seg + path.substring(from));
  }

  /** Like get, but a missing (or null) value is recorded as an error naming its path. */
  require(path: string): JsonValue {
    const v = this.get(path);
    if (v.absent) this.doc.record(new ConfigError("is required but missing", v.path));
    return v;
  }

  /** One step down: an object member, or an array element when `key` is an index. */
  child(key: string): JsonValue {
    if (this.type == JsonType.Array) {
      const index = parseIndex(key);
      if (index >= 0) return this.at(index);
    }
    return this.member(key);
  }

  private memberPath(key: string): string {
    return this.path.length != 0 ? this.path + "." + key : key;
  }

  private missing(path: string): JsonValue {
    return new JsonValue(this.doc, 0, 0, JsonType.Missing, path);
  }

  /**
   * The member `key` of an object (missing if absent). A plain key, no path syntax: what a
   * parseConfig reads most, and the smallest code (`get` adds gjson paths, `child` indexes).
   */
  member(key: string): JsonValue {
    if (this.type == JsonType.Object) {
      const bytes = this.doc.bytes;
      const it = new Entries(this);
      while (it.next()) {
        if (keyIs(bytes, it.keyStart, it.keyEnd, key)) {
          return new JsonValue(
            this.doc,
            it.valueStart,
            it.valueEnd,
            typeAt(bytes, it.valueStart),
            this.memberPath(key),
          );
        }
      }
    } else if (!this.absent) {
      // `redis.timeout` where redis is a number: the config has the wrong shape, say so.
      this.expected("an object");
    }
    return this.missing(this.memberPath(key));
  }

  /** Element `index` of an array (missing if out of range or not an array). */
  at(index: i32): JsonValue {
    // Rare (a `list.0` path, an error about one element): one walk, no second code path.
    const items = this.type == JsonType.Array ? this.entries() : new Array<JsonValue>();
    return index >= 0 && index < items.length
      ? unchecked(items[index])
      : this.missing(this.path + "[" + index.toString() + "]");
  }

  /** Number of elements (array) or members (object); 0 otherwise. */
  get length(): i32 {
    if (this.type != JsonType.Array && this.type != JsonType.Object) return 0;
    const it = new Entries(this);
    let n = 0;
    while (it.next()) n++;
    return n;
  }

  /**
   * The elements of an array; [] if missing/null, an error (and []) for another type. One pass
   * over the array: each element's path and byte range are taken as the walk reaches it.
   */
  array(): JsonValue[] {
    if (this.absent) return new Array<JsonValue>();
    if (this.type != JsonType.Array) {
      this.expected("an array");
      return new Array<JsonValue>();
    }
    return this.entries();
  }

  /** The member values of an object in document order (paired with keys() by index); [] otherwise. */
  members(): JsonValue[] {
    if (this.absent) return new Array<JsonValue>();
    if (this.type != JsonType.Object) {
      this.expected("an object");
      return new Array<JsonValue>();
    }
    return this.entries();
  }

  private entries(): JsonValue[] {
    const out = new Array<JsonValue>();
    const bytes = this.doc.bytes;
    const object = this.type == JsonType.Object;
    const it = new Entries(this);
    for (let i = 0; it.next(); i++) {
      const path = object
        ? this.memberPath(keyText(bytes, it.keyStart, it.keyEnd))
        : this.path + "[" + i.toString() + "]";
      out.push(new JsonValue(this.doc, it.valueStart, it.valueEnd, typeAt(bytes, it.valueStart), path));
    }
    return out;
  }

  /**
   * Records an error for the first member whose key is not in `known` (comma-separated) nor one
   * the SDK reads itself (`_rules_`, `_match_route_`, …): a misspelt key would otherwise be
   * ignored and its default silently used.
   *
   *   json.allowKeys("serviceName,servicePort,timeout");  // $.timout: unknown key (did you mean "timeout"?)
   *
   * One string rather than an array of names: a plugin's key list costs its bytes and no more.
   */
  allowKeys(known: string): ConfigError | null {
    if (this.type != JsonType.Object) return this.absent ? null : this.expected("an object");
    const bytes = this.doc.bytes;
    const it = new Entries(this);
    while (it.next()) {
      const key = keyText(bytes, it.keyStart, it.keyEnd);
      if (isHigressKey(key)) continue;
      const near = nearest(known, key);
      if (nearIsExact) continue;
      const hint = near.length != 0 ? ' (did you mean "' + near + '"?)' : "; the keys are " + known;
      return this.doc.record(new ConfigError("unknown key" + hint, this.memberPath(key)));
    }
    return null;
  }

  /** An array of strings; an error names the first element that is not a string. */
  stringArray(): string[] {
    const items = this.array();
    const out = new Array<string>(items.length);
    for (let i = 0; i < items.length; i++) unchecked((out[i] = unchecked(items[i]).string()));
    return out;
  }

  /** The member names of an object, in document order; [] otherwise. */
  keys(): string[] {
    const out = new Array<string>();
    if (this.absent) return out;
    if (this.type != JsonType.Object) {
      this.expected("an object");
      return out;
    }
    const it = new Entries(this);
    while (it.next()) out.push(keyText(this.doc.bytes, it.keyStart, it.keyEnd));
    return out;
  }

  /** A boolean; `defaultValue` if missing or null. */
  bool(defaultValue: bool = false): bool {
    if (this.absent) return defaultValue;
    if (this.type != JsonType.Bool) {
      this.expected("a boolean");
      return defaultValue;
    }
    return load<u8>(changetype<usize>(this.doc.bytes) + <usize>this.start) == 0x74;
  }

  /** An integer (1.0 counts; 1.5 and 2^63 do not); `defaultValue` if missing or null. */
  int(defaultValue: i64 = 0): i64 {
    if (this.absent) return defaultValue;
    if (this.type != JsonType.Number) {
      this.expected("an integer");
      return defaultValue;
    }
    const v = parseInteger(this.doc.bytes, this.start, this.end);
    if (!intOk) {
      this.expected("an integer");
      return defaultValue;
    }
    return v;
  }

  /** A number; `defaultValue` if missing or null. */
  float(defaultValue: f64 = 0): f64 {
    if (this.absent) return defaultValue;
    if (this.type != JsonType.Number) {
      this.expected("a number");
      return defaultValue;
    }
    return parseNumber(this.doc.bytes, this.start, this.end);
  }

  /** A string; `defaultValue` if missing or null. */
  string(defaultValue: string = ""): string {
    if (this.absent) return defaultValue;
    if (this.type != JsonType.String) {
      this.expected("a string");
      return defaultValue;
    }
    return decodeString(this.doc.bytes, this.start, this.end);
  }

  /** The value's JSON text as written ("" if missing). */
  raw(): string {
    return String.UTF8.decodeUnsafe(
      changetype<usize>(this.doc.bytes) + <usize>this.start,
      <usize>(this.end - this.start),
    );
  }

  /**
   * Records (and returns) an error: this value is not what the plugin expected.
   *
   *   if (port < 1 || port > 65535) return json.get("port").expected("a port between 1 and 65535");
   */
  expected(what: string): ConfigError {
    return this.doc.record(new ConfigError("expected " + what + ", got " + typeName(this.type), this.path));
  }

  /** Records (and returns) an error with a message of the plugin's own about this value. */
  invalid(message: string): ConfigError {
    return this.doc.record(new ConfigError(message, this.path));
  }

  /** The first error recorded anywhere in this document (by a getter, require or expected). */
  firstError(): ConfigError | null {
    return this.doc.firstError;
  }
}

/** Higress's own keys (`_rules_`, `_plugin_id_`, a rule's `_match_route_`, …): the SDK reads them. */
function isHigressKey(key: string): bool {
  const n = key.length;
  return n > 1 && key.charCodeAt(0) == 0x5f && key.charCodeAt(n - 1) == 0x5f;
}

/** Set by nearest(): the key is in the list. */
let nearIsExact: bool = false;

/**
 * The name in the comma-separated `list` that is `key`, or one typo away from it (a letter
 * missing, extra, wrong, or two swapped: `timout`, `qpn`), or "". nearIsExact says which.
 * One walk serves both the check and the hint.
 */
function nearest(list: string, key: string): string {
  let best = "";
  nearIsExact = false;
  for (let from = 0; from < list.length; ) {
    let to = list.indexOf(",", from);
    if (to < 0) to = list.length;
    const name = list.substring(from, to);
    if (name == key) {
      nearIsExact = true;
      return name;
    }
    if (best.length == 0 && name.length > 2 && oneTypoApart(key, name)) best = name;
    from = to + 1;
  }
  return best;
}

/** At most one insertion, deletion, substitution or swap of neighbours turns `a` into `b`. */
function oneTypoApart(a: string, b: string): bool {
  let i = 0;
  let j = a.length;
  let k = b.length;
  if (abs(j - k) > 1) return false;
  while (i < j && i < k && a.charCodeAt(i) == b.charCodeAt(i)) i++;
  while (j > i && k > i && a.charCodeAt(j - 1) == b.charCodeAt(k - 1)) {
    j--;
    k--;
  }
  // What differs after the common prefix and suffix: one character each side at most, or two swapped.
  j -= i;
  k -= i;
  return (
    (j <= 1 && k <= 1) ||
    (j == 2 && k == 2 && a.charCodeAt(i) == b.charCodeAt(i + 1) && a.charCodeAt(i + 1) == b.charCodeAt(i))
  );
}

const HEX = "0123456789abcdef";

/**
 * A key as text for paths and errors. A key that is not UTF-8 would decode to replacement
 * characters and the error could not say which key it meant: it is shown with \xNN escapes.
 */
function keyText(bytes: ArrayBuffer, start: i32, end: i32): string {
  const base = changetype<usize>(bytes);
  if (isUtf8(base, start + 1, end - 1)) return decodeString(bytes, start, end);
  let out = "";
  for (let i = start + 1; i < end - 1; i++) {
    const c = <i32>load<u8>(base + <usize>i);
    out += c < 0x80 ? String.UTF8.decodeUnsafe(base + <usize>i, 1) : "\\x" + HEX.charAt(c >> 4) + HEX.charAt(c & 15);
  }
  return out;
}

/** Whether bytes [p, end) are UTF-8: each lead byte followed by its continuation bytes. */
function isUtf8(base: usize, p: i32, end: i32): bool {
  while (p < end) {
    const c = <u32>load<u8>(base + <usize>p);
    p++;
    if (c < 0x80) continue;
    const more = c >= 0xf5 ? -1 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : -1;
    if (more < 0 || p + more > end) return false;
    for (let k = 0; k < more; k++) if ((load<u8>(base + <usize>(p + k)) & 0xc0) != 0x80) return false;
    p += more;
  }
  return true;
}

/** A decimal array index, or -1. */
function parseIndex(key: string): i32 {
  const n = key.length;
  if (n == 0 || n > 9) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

/**
 * Parses JSON text or bytes. Malformed input gives a missing value whose firstError() says
 * where and why (never a trap).
 *
 *   const body = parseJson(text);
 *   if (body.firstError() !== null) return sendBadRequest();
 */
export function parseJson<T>(input: T): JsonValue {
  let bytes: ArrayBuffer;
  if (isString<T>()) bytes = utf8(changetype<string>(input));
  else if (idof<T>() == idof<ArrayBuffer>()) bytes = changetype<ArrayBuffer>(input);
  else {
    ERROR("parseJson takes a string or an ArrayBuffer");
    bytes = new ArrayBuffer(0);
  }
  const doc = new JsonDocument(bytes);
  const start = validateDocument(changetype<usize>(bytes), bytes.byteLength);
  if (start < 0) {
    doc.record(new ConfigError("invalid JSON at byte " + lastScanOffset().toString() + ": " + lastScanError()));
    return new JsonValue(doc, 0, 0, JsonType.Missing, "");
  }
  const end = scanValue(changetype<usize>(bytes), start, bytes.byteLength, 0);
  return new JsonValue(doc, start, end, typeAt(bytes, start), "");
}

/**
 * Walks the members of an object or the elements of an array of a validated document (so every
 * scan succeeds; the checks only keep a corrupted document from looping or reading past it).
 */
class Entries {
  keyStart: i32 = 0;
  keyEnd: i32 = 0;
  valueStart: i32 = 0;
  valueEnd: i32 = 0;
  private p: i32;
  private readonly end: i32;
  private readonly base: usize;
  private readonly object: bool;

  constructor(v: JsonValue) {
    this.base = changetype<usize>(v.doc.bytes);
    this.end = v.end - 1; // the closing bracket
    this.object = v.type == JsonType.Object;
    this.p = skipSpace(this.base, v.start + 1, this.end);
  }

  next(): bool {
    const base = this.base;
    const end = this.end;
    let p = this.p;
    if (p >= end) return false;
    if (this.object) {
      this.keyStart = p;
      p = scanValue(base, p, end, 0);
      if (p < 0) return false;
      this.keyEnd = p;
      p = skipSpace(base, skipSpace(base, p, end) + 1, end); // past ':'
    }
    this.valueStart = p;
    p = scanValue(base, p, end, 0);
    if (p < 0) return false;
    this.valueEnd = p;
    p = skipSpace(base, p, end);
    if (p < end && load<u8>(base + <usize>p) == 0x2c) p = skipSpace(base, p + 1, end);
    this.p = p;
    return true;
  }
}
