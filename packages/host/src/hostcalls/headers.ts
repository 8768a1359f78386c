// Header-map host calls (cpp-host src/exports.cc, Envoy context.cc get/add/replace/remove
// HeaderMapValue, get/setHeaderMapPairs, getHeaderMapSize). A map type above 7 is
// BadArgument. Reads use Envoy's getConstMap, edits (and get_size) its getMap: a map that does
// not exist (yet, or any more) is BadArgument, except in on_log where a missing map read is
// NotFound, and get_pairs, which answers Ok with an empty map.
import { MapType, WasmResult } from "../abi/enums.js";
import { decodePairs, encodePairs } from "../abi/pairs.js";
import { guestBytes, guestString, putU32 } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

const MAX_MAP_TYPE = MapType.HttpCallResponseTrailers;

export function headerCalls(env: HostCallEnv): HostCallGroup {
  /** Reads key (and value) or reports InvalidMemoryAccess, before the map is looked up (cpp-host order). */
  const edit = (
    type: number,
    kPtr: number,
    kLen: number,
    vPtr: number,
    vLen: number,
    apply: (key: string, value: string) => void,
  ) => {
    if (type >>> 0 > MAX_MAP_TYPE) return WasmResult.BadArgument;
    const key = guestString(env.vm, kPtr, kLen);
    const value = guestString(env.vm, vPtr, vLen);
    if (key === null || value === null) return WasmResult.InvalidMemoryAccess;
    const ctx = env.context();
    const map = ctx.writableMap(type);
    if (!map) return WasmResult.BadArgument;
    apply(key, value);
    ctx.headersModified(type);
    return WasmResult.Ok;
  };

  return {
    "env.proxy_get_header_map_value": (type: number, kPtr: number, kLen: number, retPtr: number, retLen: number) => {
      if (type >>> 0 > MAX_MAP_TYPE) return WasmResult.BadArgument;
      const key = guestString(env.vm, kPtr, kLen);
      if (key === null) return WasmResult.InvalidMemoryAccess;
      const ctx = env.context();
      const map = ctx.readableMap(type);
      if (!map) return ctx.inAccessLogPhase ? WasmResult.NotFound : WasmResult.BadArgument;
      const value = map.get(key);
      if (value === undefined) return WasmResult.NotFound;
      return env.vm.returnBytes(Buffer.from(value, "utf8"), retPtr, retLen);
    },
    "env.proxy_add_header_map_value": (type: number, kPtr: number, kLen: number, vPtr: number, vLen: number) =>
      edit(type, kPtr, kLen, vPtr, vLen, (k, v) => env.context().writableMap(type)!.add(k, v)),
    "env.proxy_replace_header_map_value": (type: number, kPtr: number, kLen: number, vPtr: number, vLen: number) =>
      edit(type, kPtr, kLen, vPtr, vLen, (k, v) => env.context().writableMap(type)!.replace(k, v)),
    "env.proxy_remove_header_map_value": (type: number, kPtr: number, kLen: number) =>
      edit(type, kPtr, kLen, 0, 0, (k) => env.context().writableMap(type)!.remove(k)),
    "env.proxy_get_header_map_pairs": (type: number, retPtr: number, retLen: number) => {
      if (type >>> 0 > MAX_MAP_TYPE) return WasmResult.BadArgument;
      const pairs = env.context().readableMap(type)?.toPairs() ?? [];
      return env.vm.returnBytes(pairs.length ? encodePairs(pairs) : new Uint8Array(0), retPtr, retLen);
    },
    "env.proxy_set_header_map_pairs": (type: number, ptr: number, len: number) => {
      if (type >>> 0 > MAX_MAP_TYPE) return WasmResult.BadArgument;
      const data = guestBytes(env.vm, ptr, len);
      if (data === null) return WasmResult.InvalidMemoryAccess;
      const ctx = env.context();
      const map = ctx.writableMap(type);
      if (!map) return WasmResult.BadArgument;
      map.setAll(decodePairs(data));
      ctx.headersModified(type);
      return WasmResult.Ok;
    },
    "env.proxy_get_header_map_size": (type: number, retPtr: number) => {
      if (type >>> 0 > MAX_MAP_TYPE) return WasmResult.BadArgument;
      const map = env.context().writableMap(type);
      if (!map) return WasmResult.BadArgument;
      return putU32(env.vm, retPtr, map.byteSize()) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
    },
  };
}
