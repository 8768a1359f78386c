// Shared data (proxy-wasm-cpp-host src/shared_data.cc): one key-value store per vm_id for the
// whole process, shared by every VM (worker) with that vm_id, with one CAS counter for all keys
// that starts at 1 and skips 0. cas 0 sets unconditionally; a stale cas is CasMismatch.
import { WasmResult } from "../abi/enums.js";

interface SharedValue {
  value: Uint8Array;
  cas: number;
}

export class SharedDataStore {
  private readonly byVmId = new Map<string, Map<string, SharedValue>>();
  private nextCasValue = 1;

  private nextCas(): number {
    const cas = this.nextCasValue;
    this.nextCasValue = (this.nextCasValue + 1) >>> 0;
    if (this.nextCasValue === 0) this.nextCasValue = 1;
    return cas;
  }

  get(vmId: string, key: string): SharedValue | undefined {
    return this.byVmId.get(vmId)?.get(key);
  }

  set(vmId: string, key: string, value: Uint8Array, cas: number): WasmResult {
    let map = this.byVmId.get(vmId);
    if (!map) {
      map = new Map();
      this.byVmId.set(vmId, map);
    }
    const current = map.get(key);
    if (current && cas !== 0 && cas !== current.cas) return WasmResult.CasMismatch;
    map.set(key, { value: Uint8Array.from(value), cas: this.nextCas() });
    return WasmResult.Ok;
  }

  keys(vmId: string): string[] {
    return [...(this.byVmId.get(vmId)?.keys() ?? [])];
  }

  /** Called when the last VM with this vm_id is gone (cpp-host's VmIdHandle callback). */
  deleteVmId(vmId: string): void {
    this.byVmId.delete(vmId);
  }
}
