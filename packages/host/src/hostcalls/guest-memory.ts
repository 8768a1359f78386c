// Reading arguments out of the module's memory the way cpp-host's getMemory does: a range
// outside linear memory is not an exception but InvalidMemoryAccess for the caller.
import type { WasmVm } from "../vm/wasm-vm.js";

/** A copy of guest bytes, or null when the range is out of bounds. */
export function guestBytes(vm: WasmVm, ptr: number, len: number): Uint8Array | null {
  try {
    return vm.read(ptr, len);
  } catch {
    return null;
  }
}

/** Guest bytes decoded as UTF-8, or null when the range is out of bounds. */
export function guestString(vm: WasmVm, ptr: number, len: number): string | null {
  try {
    return vm.readString(ptr, len);
  } catch {
    return null;
  }
}

/** Writes a u32 into the guest; false when the slot is out of bounds. */
export function putU32(vm: WasmVm, ptr: number, value: number): boolean {
  try {
    vm.writeU32(ptr, value);
    return true;
  } catch {
    return false;
  }
}

export function putU64(vm: WasmVm, ptr: number, value: bigint): boolean {
  try {
    vm.writeU64(ptr, value);
    return true;
  } catch {
    return false;
  }
}
