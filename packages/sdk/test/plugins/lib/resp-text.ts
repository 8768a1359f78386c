// A readable rendering of a RESP reply, for assertions.
import { RespType, RespValue } from "@gatewasm/sdk";

export function showResp(v: RespValue): string {
  const e = v.error();
  switch (v.type) {
    case RespType.SimpleString:
      return "+" + v.string();
    case RespType.Error:
      return "-" + v.string() + " (kind " + (<i32>e!.kind).toString() + ")";
    case RespType.Integer:
      return ":" + v.integer().toString();
    case RespType.BulkString:
      return "$" + v.string();
    case RespType.Null:
      return "nil";
    case RespType.Array: {
      const items = v.array();
      let out = "[";
      for (let i = 0; i < items.length; i++) out += (i > 0 ? "," : "") + showResp(items[i]);
      return out + "]";
    }
    default:
      return "failure(kind " + (<i32>e!.kind).toString() + "): " + e!.message;
  }
}
