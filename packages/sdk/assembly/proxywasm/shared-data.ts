// Shared data: a key-value store shared by every VM with the same vm_id in the proxy process
// (all worker threads), with compare-and-swap. Use it for state that must agree across
// workers; each worker otherwise has its own copy of the plugin's memory.
//
//   const d = proxywasm.getSharedData("counter");
//   proxywasm.setSharedData("counter", "1", d.cas);   // WasmResult.CasMismatch if someone won the race
import { proxy_get_shared_data, proxy_set_shared_data } from "../abi/imports";
import { WasmResult } from "../abi/enums";
import { RETURN_EXTRA, RETURN_LEN, RETURN_PTR, clearReturn, newBytes, takeHostBytes, utf8 } from "../abi/memory";
import { bytesOf } from "./bytes";

/** What getSharedData found. `result` is Ok, or NotFound for a missing key. */
export class SharedData {
  constructor(
    public readonly result: WasmResult,
    public readonly value: ArrayBuffer,
    public readonly cas: u32,
  ) {}
  /** The value as UTF-8 text. */
  text(): string {
    return String.UTF8.decode(this.value);
  }
}

export function getSharedData(key: string): SharedData {
  const k = utf8(key);
  clearReturn();
  store<u32>(RETURN_EXTRA, 0);
  const r = <WasmResult>proxy_get_shared_data(changetype<usize>(k), k.byteLength, RETURN_PTR, RETURN_LEN, RETURN_EXTRA);
  if (r != WasmResult.Ok) return new SharedData(r, newBytes(0), 0);
  const cas = load<u32>(RETURN_EXTRA);
  return new SharedData(r, takeHostBytes(), cas);
}

/** Sets `key`; with `cas` != 0 only if nobody changed it since that cas was read (else CasMismatch). */
export function setSharedData<T>(key: string, value: T, cas: u32 = 0): WasmResult {
  const k = utf8(key);
  const v = bytesOf<T>(value);
  return <WasmResult>proxy_set_shared_data(changetype<usize>(k), k.byteLength, changetype<usize>(v), v.byteLength, cas);
}
