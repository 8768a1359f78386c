// Header-map host calls (cpp-host src/exports.cc, Envoy context.cc get/add/replace/remove
// HeaderMapValue, get/setHeaderMapPairs, getHeaderMapSize). A map that does not exist (yet, or
// any more, see HttpStream) is BadArgument for every call but get_pairs, which answers Ok with
// an empty map: plugins cannot tell "released" from "empty" through it, as in Envoy.
import { WasmResult } from "../abi/enums.js";
import { decodePairs, encodePairs } from "../abi/pairs.js";
import type { HeaderMap } from "../context/header-map.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function headerCalls(env: HostCallEnv): HostCallGroup {
  const mapOf = (type: number): HeaderMap | null => env.effectiveContext()?.headerMap(type) ?? null;

  return {
    "env.proxy_get_header_map_value": (type: number, kPtr: number, kLen: number, retPtr: number, retLen: number) => {
      const map = mapOf(type);
      if (!map) return WasmResult.BadArgument;
      let key: string;
      try {
        key = env.vm.readString(kPtr, kLen);
      } catch {
        return WasmResult.InvalidMemoryAccess;
      }
      const value = map.get(key);
      if (value === undefined) return WasmResult.NotFound;
      return env.vm.returnBytes(Buffer.from(value, "utf8"), retPtr, retLen);
    },
    "env.proxy_add_header_map_value": (type: number, kPtr: number, kLen: number, vPtr: number, vLen: number) => {
      const map = mapOf(type);
      if (!map) return WasmResult.BadArgument;
      try {
        map.add(env.vm.readString(kPtr, kLen), env.vm.readString(vPtr, vLen));
      } catch {
        return WasmResult.InvalidMemoryAccess;
      }
      return WasmResult.Ok;
    },
    "env.proxy_replace_header_map_value": (type: number, kPtr: number, kLen: number, vPtr: number, vLen: number) => {
      const map = mapOf(type);
      if (!map) return WasmResult.BadArgument;
      try {
        map.replace(env.vm.readString(kPtr, kLen), env.vm.readString(vPtr, vLen));
      } catch {
        return WasmResult.InvalidMemoryAccess;
      }
      return WasmResult.Ok;
    },
    "env.proxy_remove_header_map_value": (type: number, kPtr: number, kLen: number) => {
      const map = mapOf(type);
      if (!map) return WasmResult.BadArgument;
      try {
        map.remove(env.vm.readString(kPtr, kLen));
      } catch {
        return WasmResult.InvalidMemoryAccess;
      }
      return WasmResult.Ok;
    },
    "env.proxy_get_header_map_pairs": (type: number, retPtr: number, retLen: number) => {
      const map = mapOf(type);
      const pairs = map ? map.toPairs() : [];
      return env.vm.returnBytes(pairs.length ? encodePairs(pairs) : new Uint8Array(0), retPtr, retLen);
    },
    "env.proxy_set_header_map_pairs": (type: number, ptr: number, len: number) => {
      const map = mapOf(type);
      if (!map) return WasmResult.BadArgument;
      try {
        map.setAll(decodePairs(env.vm.read(ptr, len)));
      } catch {
        return WasmResult.InvalidMemoryAccess;
      }
      return WasmResult.Ok;
    },
    "env.proxy_get_header_map_size": (type: number, retPtr: number) => {
      const map = mapOf(type);
      if (!map) return WasmResult.BadArgument;
      try {
        env.vm.writeU32(retPtr, map.byteSize());
      } catch {
        return WasmResult.InvalidMemoryAccess;
      }
      return WasmResult.Ok;
    },
  };
}
