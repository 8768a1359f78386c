// A module checked and compiled once, instantiated once per VM (Envoy compiles the code once
// on the main thread and clones it into every worker).
import { capMemoryPages } from "../loader/memory-cap.js";
import type { Flavor } from "../loader/host-function-table.js";
import { linkModule, type LinkedModule, WasmLoadError } from "../loader/link.js";

export class CompiledPlugin {
  private constructor(
    readonly linked: LinkedModule,
    readonly module: WebAssembly.Module,
    readonly flavor: Flavor,
  ) {}

  /** Throws WasmLoadError, worded like Envoy, when Envoy would refuse the module. */
  static compile(bytes: Uint8Array, flavor: Flavor): CompiledPlugin {
    const linked = linkModule(bytes, flavor);
    const capped = capMemoryPages(bytes, linked.info);
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(capped as Uint8Array<ArrayBuffer>);
    } catch (e) {
      throw new WasmLoadError(`Failed to load Wasm module: ${e instanceof Error ? e.message : String(e)}`);
    }
    return new CompiledPlugin(linked, module, flavor);
  }
}
