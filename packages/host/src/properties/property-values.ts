// How Envoy turns a property value into the bytes get_property returns
// (Envoy source/extensions/common/wasm/context.cc serializeValue): strings and bytes raw,
// numbers as 8 little-endian bytes, bool as 1 byte, timestamps and durations as int64
// nanoseconds, maps and lists in the header-pairs layout, messages as protobuf wire bytes.
import { encodeBytePairs } from "../abi/pairs.js";
import type { PropertyValue } from "../context/stream-info.js";

export const str = (value: string): PropertyValue => ({ type: "string", value });
export const int64 = (value: number | bigint): PropertyValue => ({ type: "int64", value: BigInt(value) });
export const uint64 = (value: number | bigint): PropertyValue => ({ type: "uint64", value: BigInt(value) });
export const bool = (value: boolean): PropertyValue => ({ type: "bool", value });
export const bytes = (value: Uint8Array): PropertyValue => ({ type: "bytes", value });

function eightBytes(write: (view: DataView) => void): Uint8Array {
  const out = new Uint8Array(8);
  write(new DataView(out.buffer));
  return out;
}

export function serializeProperty(v: PropertyValue): Uint8Array {
  switch (v.type) {
    case "string":
      return Buffer.from(v.value, "utf8");
    case "bytes":
      return v.value;
    case "int64":
    case "timestamp":
    case "duration":
      return eightBytes((d) => d.setBigInt64(0, BigInt.asIntN(64, v.value), true));
    case "uint64":
      return eightBytes((d) => d.setBigUint64(0, BigInt.asUintN(64, v.value), true));
    case "double":
      return eightBytes((d) => d.setFloat64(0, v.value, true));
    case "bool":
      return Uint8Array.of(v.value ? 1 : 0);
    case "map":
      return encodeBytePairs(v.value.map(([k, item]) => [Buffer.from(k, "utf8"), serializeProperty(item)]));
    case "list":
      return encodeBytePairs(v.value.map((item) => [serializeProperty(item), new Uint8Array(0)]));
  }
}

/** Converts what an embedder or a test passes (string, number, bigint, boolean, bytes, plain object) to a typed value. */
export function toPropertyValue(v: unknown): PropertyValue {
  if (typeof v === "string") return str(v);
  if (typeof v === "boolean") return bool(v);
  if (typeof v === "bigint") return int64(v);
  if (typeof v === "number") return Number.isInteger(v) ? int64(v) : { type: "double", value: v };
  if (v instanceof Uint8Array) return bytes(v);
  if (Array.isArray(v)) return { type: "list", value: v.map(toPropertyValue) };
  if (v && typeof v === "object") {
    if ("type" in v && "value" in v) return v as PropertyValue;
    return { type: "map", value: Object.entries(v).map(([k, item]) => [k, toPropertyValue(item)]) };
  }
  throw new TypeError(`cannot use ${String(v)} as a property value`);
}
