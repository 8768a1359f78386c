// Host-specific extensions called by name (Envoy: compress, uncompress, declare_property, …;
// Higress: get_log_level, …). An unknown name answers NotFound.
import { proxy_call_foreign_function, proxy_set_effective_context } from "../abi/imports";
import { WasmResult } from "../abi/enums";
import { RETURN_LEN, RETURN_PTR, clearReturn, takeHostBytes, utf8, newBytes } from "../abi/memory";
import { bytesOf } from "./bytes";

/** What a foreign function returned: `result` and its output bytes. */
export class ForeignResult {
  constructor(
    public readonly result: WasmResult,
    public readonly value: ArrayBuffer,
  ) {}
}

/**
 *   const r = proxywasm.callForeignFunction("compress", body);
 */
export function callForeignFunction<T>(name: string, args: T): ForeignResult {
  const n = utf8(name);
  const a = bytesOf<T>(args);
  clearReturn();
  const r = <WasmResult>(
    proxy_call_foreign_function(
      changetype<usize>(n),
      n.byteLength,
      changetype<usize>(a),
      a.byteLength,
      RETURN_PTR,
      RETURN_LEN,
    )
  );
  return new ForeignResult(r, r == WasmResult.Ok ? takeHostBytes() : newBytes(0));
}

/**
 * Makes `contextId` the context that later host calls act on. The SDK does this itself before
 * http-call and Redis callbacks; BadArgument means that context is gone.
 */
export function setEffectiveContext(contextId: u32): WasmResult {
  return <WasmResult>proxy_set_effective_context(contextId);
}
