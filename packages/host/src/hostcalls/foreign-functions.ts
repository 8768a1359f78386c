// The foreign functions behind proxy_call_foreign_function (Envoy
// source/extensions/common/wasm/foreign.cc; Higress's additions used by wasm-go). Each takes
// the argument bytes and returns a result code and result bytes.
import { LogLevel, WasmResult } from "../abi/enums.js";
import type { Flavor } from "../loader/host-function-table.js";

export interface ForeignCallEnv {
  logLevel(): LogLevel;
  hostLog(level: LogLevel, message: string): void;
  /** declare_property: records a property schema on the root context (Envoy Context::declareProperty). */
  declareProperty(name: string): WasmResult;
  clearRouteCache(): void;
}

type ForeignFunction = (args: Uint8Array, env: ForeignCallEnv) => { result: WasmResult; data?: Uint8Array };

/** Reads field 1 (name, a string) of DeclarePropertyArguments; null if the bytes are not that message. */
function declaredName(args: Uint8Array): string | null {
  let pos = 0;
  let name: string | null = null;
  const varint = (): number | null => {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= args.length) return null;
      const b = args[pos++];
      v += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return v;
    }
    return null;
  };
  while (pos < args.length) {
    const key = varint();
    if (key === null) return null;
    const wire = key & 7;
    if (wire === 0) {
      if (varint() === null) return null;
    } else if (wire === 2) {
      const len = varint();
      if (len === null || pos + len > args.length) return null;
      if (key >>> 3 === 1) name = Buffer.from(args.subarray(pos, pos + len)).toString("utf8");
      pos += len;
    } else return null;
  }
  return name;
}

// zlib comes through process.getBuiltinModule rather than an import, so that this file loads
// in a browser page too (the playground's engine); there compress/uncompress are absent, as
// on an Envoy built without them, and the call answers NotFound.
const zlib = globalThis.process?.getBuiltinModule?.("node:zlib") as typeof import("node:zlib") | undefined;

const COMPRESSION: Record<string, ForeignFunction> = zlib
  ? {
      compress: (args) => ({ result: WasmResult.Ok, data: zlib.deflateSync(args) }),
      uncompress: (args) => {
        try {
          return { result: WasmResult.Ok, data: zlib.inflateSync(args) };
        } catch {
          return { result: WasmResult.SerializationFailure };
        }
      },
    }
  : {};

const ENVOY_FOREIGN: Record<string, ForeignFunction> = {
  ...COMPRESSION,
  declare_property: (args, env) => {
    const name = declaredName(args);
    if (name === null) return { result: WasmResult.BadArgument };
    return { result: env.declareProperty(name) };
  },
  clear_route_cache: (_args, env) => {
    env.clearRouteCache();
    return { result: WasmResult.Ok };
  },
};

const HIGRESS_FOREIGN: Record<string, ForeignFunction> = {
  get_log_level: (_args, env) => {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, env.logLevel(), true);
    return { result: WasmResult.Ok, data: out };
  },
  set_global_max_requests_per_io_cycle: (args) => ({
    result: args.length === 8 ? WasmResult.Ok : WasmResult.BadArgument,
  }),
  inject_encoded_data_to_filter_chain_on_header: (_args, env) => {
    env.hostLog(
      LogLevel.Error,
      "gatewasm host: foreign function inject_encoded_data_to_filter_chain_on_header is not emulated; returned Unimplemented (12)",
    );
    return { result: WasmResult.Unimplemented };
  },
};

export function foreignFunctions(flavor: Flavor): Record<string, ForeignFunction> {
  return flavor === "higress" ? { ...ENVOY_FOREIGN, ...HIGRESS_FOREIGN } : ENVOY_FOREIGN;
}
