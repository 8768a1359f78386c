// `limitBy`: whose requests share a counter. "global" (one counter, the seed's behaviour),
// "ip" (the connection's peer address), "header:<name>" or "query:<name>" (one counter per
// value). The subject's value becomes the last part of the Redis key.
import { asciiLower, HttpContext, proxywasm } from "@gatewasm/sdk";
import { queryParam } from "./query-param";

export enum LimitKind {
  Global = 0,
  Ip = 1,
  Header = 2,
  Query = 3,
}

/** Longer values are hashed so a client cannot make Redis keys of any size. */
const MAX_RAW_VALUE: i32 = 64;

export class LimitBy {
  kind: LimitKind = LimitKind.Global;
  /** The header (lower-cased) or query parameter name. */
  name: string = "";

  /** The key part naming the kind: `global`, `ip`, `header:x-api-key`, `query:key`. */
  keyPart(): string {
    if (this.kind == LimitKind.Global) return "global";
    if (this.kind == LimitKind.Ip) return "ip";
    return (this.kind == LimitKind.Header ? "header:" : "query:") + this.name;
  }

  /**
   * The counter key suffix for this request: "" for global, else `:=value` (`:#hash` for a long
   * value). A missing header or parameter is the empty value: such requests share one counter
   * rather than escape the limit.
   */
  subject(ctx: HttpContext): string {
    if (this.kind == LimitKind.Global) return "";
    let value: string | null = null;
    if (this.kind == LimitKind.Ip) value = peerIp();
    else if (this.kind == LimitKind.Header) value = proxywasm.getHttpRequestHeader(this.name);
    else value = queryParam(ctx.path(), this.name);
    const v = value !== null ? value : "";
    return v.length <= MAX_RAW_VALUE ? ":=" + v : ":#" + fnv1a64(v);
  }
}

/** Parses a `limitBy` value; null if it is none of the four forms. */
export function parseLimitBy(text: string): LimitBy | null {
  const by = new LimitBy();
  if (text == "global") return by;
  if (text == "ip") {
    by.kind = LimitKind.Ip;
    return by;
  }
  let prefix = "header:";
  by.kind = LimitKind.Header;
  if (text.startsWith("query:")) {
    prefix = "query:";
    by.kind = LimitKind.Query;
  } else if (!text.startsWith(prefix)) return null;
  const name = text.substring(prefix.length);
  if (name.length == 0 || name.length > 128) return null;
  if (by.kind == LimitKind.Header) {
    if (!proxywasm.isValidHeaderName(name) || name.charCodeAt(0) == 0x3a) return null;
    by.name = asciiLower(name);
  } else {
    by.name = name;
  }
  return by;
}

/** `source.address` is "ip:port" (`[v6]:port` for IPv6); the port changes per connection. */
function peerIp(): string | null {
  const address = proxywasm.getPropertyString(["source", "address"]);
  if (address === null) return null;
  const colon = address.lastIndexOf(":");
  if (colon <= 0 || (address.indexOf(":") != colon && !address.startsWith("["))) return address;
  const host = address.substring(0, colon);
  return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length - 1) : host;
}

/** FNV-1a over the UTF-16 code units, as 16 hex digits: short, stable, no allocation per byte. */
function fnv1a64(s: string): string {
  let h: u64 = 0xcbf29ce484222325;
  for (let i = 0; i < s.length; i++) {
    h ^= <u64>s.charCodeAt(i);
    h *= 0x100000001b3;
  }
  let out = "";
  for (let shift = 60; shift >= 0; shift -= 4) out += "0123456789abcdef".charAt(<i32>((h >> <u64>shift) & 0xf));
  return out;
}
