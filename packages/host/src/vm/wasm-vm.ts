// One instance of a plugin module: cpp-host's WasmBase + WasmVm for one worker
// (src/wasm.cc, src/v8/v8.cc, include/proxy-wasm/wasm_vm.h). It runs `_initialize` in restricted
// mode, gives host calls access to linear memory, allocates through the module's allocator,
// keeps the current and effective context ids, queues the actions Envoy defers until the VM
// call returns (DeferAfterCallActions), and turns a trap into a failed VM
// (FailState::RuntimeError) instead of an exception.
import { WasmResult } from "../abi/enums.js";
import { MAX_MEMORY_PAGES } from "../abi/limits.js";
import { type LinkedModule, WasmLoadError } from "../loader/link.js";
import { isContextFree } from "../loader/start-reach.js";

/**
 * Host functions a module may call while `_initialize` runs (cpp-host WasmBase::startVm with
 * restricted callbacks): logging, WASI environment, clocks and random bytes.
 */
const START_ALLOWED = new Set([
  "env.proxy_log",
  ...[
    "fd_write",
    "fd_fdstat_get",
    "environ_get",
    "environ_sizes_get",
    "args_get",
    "args_sizes_get",
    "clock_time_get",
    "random_get",
    "proc_exit",
    "fd_seek",
    "fd_close",
  ].flatMap((n) => [`wasi_unstable.${n}`, `wasi_snapshot_preview1.${n}`]),
]);

/** Host functions `malloc` may call (cpp-host allocMemory restricts it to logging and clocks). */
const ALLOC_ALLOWED = new Set([
  "env.proxy_log",
  ...["fd_write", "clock_time_get"].flatMap((n) => [`wasi_unstable.${n}`, `wasi_snapshot_preview1.${n}`]),
]);

type HostFunction = (...args: any[]) => number | bigint | void;
export type HostFunctionImpls = Map<string, HostFunction>;

/** Thrown inside a host function to trap the VM (cpp-host's restricted_callback). */
class VmTrap extends Error {
  override name = "VmTrap";
}

interface VmFailure {
  /** The export that trapped. */
  functionName: string;
  message: string;
}

interface WasmVmHooks {
  /** A module import the host has no implementation for was called. */
  onUnimplemented(name: string): void;
  /** The VM trapped: Envoy logs "Function: <name> failed: <message>". */
  onFailure(failure: VmFailure): void;
}

export class WasmVm {
  readonly instance: WebAssembly.Instance;
  readonly memory: WebAssembly.Memory;
  failure: VmFailure | null = null;
  /** The context whose callback is running (0 = the VM context). */
  currentContextId = 0;
  /** Set by proxy_set_effective_context; 0 means "the current context". Reset at every callback entry. */
  effectiveContextId = 0;
  /** Set by proxy_send_local_response: the callback's status becomes a Stop (wasm.h stopNextIteration). */
  stopNextIteration = false;
  private restriction: Set<string> | null = null;
  private depth = 0;
  private readonly afterCallActions: (() => void)[] = [];
  private readonly allocatorName: string;

  private constructor(
    readonly linked: LinkedModule,
    instance: WebAssembly.Instance,
    private readonly hooks: WasmVmHooks,
    importedMemory?: WebAssembly.Memory,
  ) {
    this.instance = instance;
    const mem = instance.exports.memory ?? importedMemory;
    if (!(mem instanceof WebAssembly.Memory))
      throw new WasmLoadError("Failed to create new Wasm instance: the module has no memory");
    this.memory = mem;
    this.allocatorName = linked.allocator;
  }

  /**
   * Instantiates a compiled module against the host functions. A function the module imports
   * but the host does not implement gets a stub that logs and returns Unimplemented (12), so a
   * gap in the emulator is visible, never silent.
   */
  static instantiate(
    module: WebAssembly.Module,
    linked: LinkedModule,
    impls: HostFunctionImpls,
    hooks: WasmVmHooks,
  ): WasmVm {
    let vm: WasmVm | null = null;
    const imports: WebAssembly.Imports = {};
    let importedMemory: WebAssembly.Memory | undefined;
    for (const imp of linked.info.imports) {
      if (imp.kind === "memory") {
        // cpp-host V8::link answers a memory import with a host memory of 16 pages.
        const initial = Math.max(16, imp.memory?.min ?? 0);
        if (initial > MAX_MEMORY_PAGES)
          throw new WasmLoadError("Failed to create new Wasm instance: imported memory is over the 1 GiB limit");
        importedMemory = new WebAssembly.Memory({
          initial,
          maximum: Math.min(imp.memory?.max ?? MAX_MEMORY_PAGES, MAX_MEMORY_PAGES),
        });
        (imports[imp.module] ??= {})[imp.name] = importedMemory;
        continue;
      }
      if (imp.kind !== "function") continue;
      const key = `${imp.module}.${imp.name}`;
      const impl = impls.get(key);
      const returnsValue = (imp.type?.results.length ?? 0) > 0;
      const guarded = (...args: any[]) => {
        // A start section runs inside instantiation, before the host has a context: Envoy
        // dereferences a null context there (linkModule refuses modules whose start function
        // can reach such an import; this is the backstop). We trap instead of crashing.
        if (vm === null && !isContextFree(key))
          throw new VmTrap(`host function ${key} called during instantiation (start section): no context`);
        if (vm?.restriction && !vm.restriction.has(key))
          throw new VmTrap(`restricted_callback: ${key} is not allowed here`);
        if (!impl) {
          hooks.onUnimplemented(key);
          return returnsValue ? WasmResult.Unimplemented : undefined;
        }
        return impl(...args);
      };
      (imports[imp.module] ??= {})[imp.name] = guarded;
    }
    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(module, imports);
    } catch (e) {
      if (e instanceof VmTrap || e instanceof WebAssembly.RuntimeError) {
        throw new WasmLoadError(`Failed to create new Wasm instance: ${(e as Error).message}`);
      }
      throw new WasmLoadError(`Failed to create new Wasm instance: ${e instanceof Error ? e.message : String(e)}`);
    }
    vm = new WasmVm(linked, instance, hooks, importedMemory);
    return vm;
  }

  get failed(): boolean {
    return this.failure !== null;
  }

  /** True while a callback into the module is running (host calls are "reentrant" then). */
  get inCall(): boolean {
    return this.depth > 0;
  }

  has(name: string): boolean {
    return this.linked.exportedFunctions.has(name);
  }

  /**
   * Calls an export on behalf of `contextId`. Returns the result as an unsigned number, 0 for
   * a void export, or undefined when the export is missing (Envoy skips missing callbacks) or
   * the VM has failed (a failed VM runs nothing more).
   */
  call(name: string, contextId: number, ...args: number[]): number | undefined {
    if (this.failure) return undefined;
    const fn = this.instance.exports[name];
    if (typeof fn !== "function") return undefined;
    const savedCurrent = this.currentContextId;
    const savedEffective = this.effectiveContextId;
    this.currentContextId = contextId;
    this.effectiveContextId = 0;
    this.depth++;
    try {
      const r = (fn as (...a: number[]) => unknown)(...args);
      return typeof r === "number" ? r >>> 0 : r === undefined ? 0 : Number(BigInt.asUintN(32, r as bigint));
    } catch (e) {
      this.fail(name, e);
      return undefined;
    } finally {
      this.depth--;
      this.currentContextId = savedCurrent;
      this.effectiveContextId = savedEffective;
    }
  }

  /** Queues work Envoy does only once the VM call returns (sendLocalReply, continueDecoding, …). */
  deferAfterCall(action: () => void): void {
    this.afterCallActions.push(action);
  }

  /**
   * The end of a callback (cpp-host ~DeferAfterCallActions): clears the stop flag, then runs
   * the deferred actions in order. Nested callbacks leave the queue to the outermost one.
   */
  finishCallback(): void {
    if (this.depth > 0) return;
    this.stopNextIteration = false;
    while (this.afterCallActions.length > 0) this.afterCallActions.shift()!();
  }

  /**
   * Runs `_initialize` (or `_start`) restricted, then `main` or `__main_void` (cpp-host
   * WasmBase::startVm). Higress's cpp-host (getFunctions/startVm, both at the 7850d17 pin of
   * its Envoy 1.27 and on master) looks up `main` only: a module exporting just `__main_void`
   * never has it called there.
   */
  start(flavor: "envoy" | "higress" = "envoy"): boolean {
    const entry = this.has("_initialize") ? "_initialize" : this.has("_start") ? "_start" : null;
    if (entry === null) return true;
    this.restriction = START_ALLOWED;
    try {
      this.call(entry, 0);
      if (!this.failure && entry === "_initialize") {
        if (this.has("main")) this.call("main", 0, 0, 0);
        else if (flavor === "envoy" && this.has("__main_void")) this.call("__main_void", 0);
      }
    } finally {
      this.restriction = null;
    }
    return !this.failure;
  }

  fail(functionName: string, error: unknown): void {
    if (this.failure) return;
    const message =
      error instanceof Error
        ? `${error.name === "RuntimeError" ? "Uncaught RuntimeError: " : ""}${error.message}`
        : String(error);
    this.failure = { functionName, message };
    this.hooks.onFailure(this.failure);
  }

  // ---- memory ---------------------------------------------------------------------------

  /** A view of module memory; throws RangeError if out of bounds (callers map it to InvalidMemoryAccess). */
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

  write(ptr: number, data: Uint8Array): void {
    this.view(ptr, data.length).set(data);
  }

  writeU32(ptr: number, value: number): void {
    ptr >>>= 0;
    if (ptr + 4 > this.memory.buffer.byteLength) throw new RangeError("out of bounds");
    new DataView(this.memory.buffer).setUint32(ptr, value >>> 0, true);
  }

  writeU64(ptr: number, value: bigint): void {
    ptr >>>= 0;
    if (ptr + 8 > this.memory.buffer.byteLength) throw new RangeError("out of bounds");
    new DataView(this.memory.buffer).setBigUint64(ptr, BigInt.asUintN(64, value), true);
  }

  readU32(ptr: number): number {
    ptr >>>= 0;
    if (ptr + 4 > this.memory.buffer.byteLength) throw new RangeError("out of bounds");
    return new DataView(this.memory.buffer).getUint32(ptr, true);
  }

  /**
   * Copies `data` into memory the module allocates (cpp-host allocMemory: the allocator runs
   * restricted) and returns the pointer, or 0 if the allocator failed or answered out of bounds.
   */
  allocate(data: Uint8Array): number {
    const saved = this.restriction;
    this.restriction = ALLOC_ALLOWED;
    let ptr: number;
    try {
      const fn = this.instance.exports[this.allocatorName] as (n: number) => number;
      ptr = fn(data.length) >>> 0;
    } catch (e) {
      this.fail(this.allocatorName, e);
      return 0;
    } finally {
      this.restriction = saved;
    }
    if (!ptr || ptr + data.length > this.memory.buffer.byteLength) return 0;
    new Uint8Array(this.memory.buffer, ptr, data.length).set(data);
    return ptr;
  }

  /**
   * Hands bytes to the module the proxy-wasm way (cpp-host copyToPointerSize): allocate, copy,
   * write (ptr, len) into the module's two slots. Empty data is (0, 0) with no allocation.
   */
  returnBytes(data: Uint8Array, ptrSlot: number, lenSlot: number): WasmResult {
    try {
      let ptr = 0;
      if (data.length > 0) {
        ptr = this.allocate(data);
        if (ptr === 0) return WasmResult.InvalidMemoryAccess;
      }
      this.writeU32(ptrSlot, ptr);
      this.writeU32(lenSlot, data.length);
      return WasmResult.Ok;
    } catch {
      return WasmResult.InvalidMemoryAccess;
    }
  }
}
