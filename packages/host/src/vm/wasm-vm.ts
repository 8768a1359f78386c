// One instance of a plugin module: Envoy's WasmBase + WasmVm for one worker. It links the
// module against the host functions, runs `_initialize` in restricted mode, gives the host
// calls access to linear memory, allocates through the module's own allocator, and turns a
// trap into a failed VM (Envoy's FailState::RuntimeError) instead of an exception.
import { WasmResult } from "../abi/enums.js";
import { type LinkedModule, WasmLoadError } from "../loader/link.js";

/** Host functions a module may call while `_initialize` (or `malloc`) runs: cpp-host's restricted set. */
const RESTRICTED_ALLOWED = new Set([
  "env.proxy_log",
  "wasi_unstable.fd_write", "wasi_snapshot_preview1.fd_write",
  "wasi_unstable.fd_fdstat_get", "wasi_snapshot_preview1.fd_fdstat_get",
  "wasi_unstable.environ_get", "wasi_snapshot_preview1.environ_get",
  "wasi_unstable.environ_sizes_get", "wasi_snapshot_preview1.environ_sizes_get",
  "wasi_unstable.args_get", "wasi_snapshot_preview1.args_get",
  "wasi_unstable.args_sizes_get", "wasi_snapshot_preview1.args_sizes_get",
  "wasi_unstable.clock_time_get", "wasi_snapshot_preview1.clock_time_get",
  "wasi_unstable.random_get", "wasi_snapshot_preview1.random_get",
  "wasi_unstable.proc_exit", "wasi_snapshot_preview1.proc_exit",
]);

export type HostFunction = (...args: any[]) => number | bigint | void;
export type HostFunctionImpls = Map<string, HostFunction>;

/** Thrown inside a host function to trap the VM (cpp-host's restricted_callback and friends). */
export class VmTrap extends Error {
  override name = "VmTrap";
}

export interface VmFailure {
  /** The callback that trapped. */
  functionName: string;
  message: string;
}

export class WasmVm {
  readonly instance: WebAssembly.Instance;
  readonly memory: WebAssembly.Memory;
  failure: VmFailure | null = null;
  /** Restricted mode: only the functions of RESTRICTED_ALLOWED may be called. */
  private restricted = false;
  /** The context whose callback is running, and the one host calls act on (set_effective_context). */
  currentContextId = 0;
  effectiveContextId = 0;
  private readonly allocatorName: string;

  private constructor(readonly linked: LinkedModule, instance: WebAssembly.Instance) {
    this.instance = instance;
    const mem = instance.exports.memory;
    if (!(mem instanceof WebAssembly.Memory)) throw new WasmLoadError("Failed to create new Wasm instance");
    this.memory = mem;
    this.allocatorName = linked.allocator;
  }

  /**
   * Instantiates a linked module. `impls` holds the implementation of every host function the
   * host offers; a function the module imports but the host has no implementation for gets a
   * stub that returns Unimplemented (12), so a gap in the emulator is visible, never silent.
   */
  static async instantiate(module: WebAssembly.Module, linked: LinkedModule, impls: HostFunctionImpls, onUnimplemented: (name: string) => void): Promise<WasmVm> {
    let vm: WasmVm | null = null;
    const imports: WebAssembly.Imports = {};
    for (const imp of linked.info.imports) {
      if (imp.kind !== "function") continue;
      const key = `${imp.module}.${imp.name}`;
      const impl = impls.get(key);
      const guarded = (...args: any[]) => {
        if (vm === null) throw new VmTrap(`host function ${key} called during instantiation (start section)`);
        if (vm.restricted && !RESTRICTED_ALLOWED.has(key)) throw new VmTrap(`restricted_callback: ${key} is not allowed here`);
        if (!impl) {
          onUnimplemented(key);
          return imp.type?.results.length ? WasmResult.Unimplemented : undefined;
        }
        return impl(...args);
      };
      (imports[imp.module] ??= {})[imp.name] = guarded;
    }
    const instance = await WebAssembly.instantiate(module, imports);
    vm = new WasmVm(linked, instance);
    return vm;
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  has(name: string): boolean {
    return this.linked.exportedFunctions.has(name);
  }

  /**
   * Calls an export on behalf of `contextId`. Returns the result, or undefined when the export
   * is missing (Envoy skips missing callbacks) or the VM failed (a trap fails the VM; later
   * calls are skipped like Envoy skips callbacks on a failed VM).
   */
  call(name: string, contextId: number, ...args: number[]): number | undefined {
    if (this.failure) return undefined;
    const fn = this.instance.exports[name];
    if (typeof fn !== "function") return undefined;
    const savedCurrent = this.currentContextId;
    const savedEffective = this.effectiveContextId;
    this.currentContextId = contextId;
    this.effectiveContextId = contextId;
    try {
      const r = (fn as (...a: number[]) => unknown)(...args);
      return typeof r === "number" ? r >>> 0 : r === undefined ? 0 : Number(r);
    } catch (e) {
      this.fail(name, e);
      return undefined;
    } finally {
      this.currentContextId = savedCurrent;
      this.effectiveContextId = savedEffective;
    }
  }

  /** Runs `_initialize` (or `_start`) in restricted mode, as cpp-host's startVm does. */
  start(): boolean {
    const entry = this.has("_initialize") ? "_initialize" : this.has("_start") ? "_start" : null;
    if (entry === null) return true;
    this.restricted = true;
    try {
      this.call(entry, 0);
      if (!this.failure && entry === "_initialize") {
        if (this.has("main")) this.call("main", 0, 0, 0);
        else if (this.has("__main_void")) this.call("__main_void", 0);
      }
    } finally {
      this.restricted = false;
    }
    return !this.failure;
  }

  fail(functionName: string, error: unknown): void {
    if (this.failure) return;
    const message = error instanceof Error ? error.message : String(error);
    this.failure = { functionName, message };
  }

  // ---- memory ---------------------------------------------------------------------------

  /** A view of module memory; throws RangeError if out of bounds (caller maps it to InvalidMemoryAccess). */
  view(ptr: number, len: number): Uint8Array {
    ptr >>>= 0;
    len >>>= 0;
    if (ptr + len > this.memory.buffer.byteLength) throw new RangeError("out of bounds");
    return new Uint8Array(this.memory.buffer, ptr, len);
  }

  /** A copy of module memory. */
  read(ptr: number, len: number): Uint8Array {
    return Uint8Array.from(this.view(ptr, len));
  }

  readString(ptr: number, len: number): string {
    return Buffer.from(this.view(ptr, len)).toString("utf8");
  }

  writeU32(ptr: number, value: number): void {
    new DataView(this.memory.buffer).setUint32(ptr >>> 0, value >>> 0, true);
  }

  writeU64(ptr: number, value: bigint): void {
    new DataView(this.memory.buffer).setBigUint64(ptr >>> 0, value, true);
  }

  /**
   * Copies `data` into memory the module allocates (cpp-host allocMemory: `malloc` runs
   * restricted) and returns the pointer, or 0 if the allocator failed.
   */
  allocate(data: Uint8Array): number {
    const saved = this.restricted;
    this.restricted = true;
    let ptr: number | undefined;
    try {
      const fn = this.instance.exports[this.allocatorName] as (n: number) => number;
      ptr = fn(data.length) >>> 0;
    } catch (e) {
      this.fail(this.allocatorName, e);
      return 0;
    } finally {
      this.restricted = saved;
    }
    if (!ptr || ptr + data.length > this.memory.buffer.byteLength) return 0;
    new Uint8Array(this.memory.buffer, ptr, data.length).set(data);
    return ptr;
  }

  /**
   * Hands bytes to the module the proxy-wasm way: allocate, copy, write (ptr, len) into the
   * module's two slots. Empty data is (0, 0) with no allocation, as in Envoy.
   */
  returnBytes(data: Uint8Array, ptrSlot: number, lenSlot: number): WasmResult {
    try {
      if (data.length === 0) {
        this.writeU32(ptrSlot, 0);
        this.writeU32(lenSlot, 0);
        return WasmResult.Ok;
      }
      const ptr = this.allocate(data);
      if (ptr === 0) return WasmResult.InvalidMemoryAccess;
      this.writeU32(ptrSlot, ptr);
      this.writeU32(lenSlot, data.length);
      return WasmResult.Ok;
    } catch {
      return WasmResult.InvalidMemoryAccess;
    }
  }
}
