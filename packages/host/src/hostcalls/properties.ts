// proxy_get_property / proxy_set_property (cpp-host src/exports.cc, Envoy context.cc
// getProperty/setProperty). Get resolves a NUL-separated path to typed bytes (see
// properties/); set stores the raw bytes as filter state `wasm.<key>` on the stream, and a
// context without stream info (a root) answers NotFound.
import { WasmResult } from "../abi/enums.js";
import { resolveProperty } from "../properties/property-resolver.js";
import { serializeProperty } from "../properties/property-values.js";
import { guestBytes } from "./guest-memory.js";
import type { HostCallEnv, HostCallGroup } from "./host-call-env.js";

export function propertyCalls(env: HostCallEnv): HostCallGroup {
  return {
    "env.proxy_get_property": (pPtr: number, pLen: number, retPtr: number, retLen: number) => {
      const path = guestBytes(env.vm, pPtr, pLen);
      if (path === null) return WasmResult.InvalidMemoryAccess;
      const ctx = env.context();
      const value = resolveProperty(env.propertySource(ctx), Buffer.from(path).toString("utf8"));
      if (value === undefined) return WasmResult.NotFound;
      if (value === "unserializable") return WasmResult.SerializationFailure;
      return env.vm.returnBytes(serializeProperty(value), retPtr, retLen);
    },
    "env.proxy_set_property": (kPtr: number, kLen: number, vPtr: number, vLen: number) => {
      const key = guestBytes(env.vm, kPtr, kLen);
      const value = guestBytes(env.vm, vPtr, vLen);
      if (key === null || value === null) return WasmResult.InvalidMemoryAccess;
      return env.context().setProperty(Buffer.from(key).toString("utf8"), value);
    },
  };
}
