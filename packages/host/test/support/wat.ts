// Compiles WAT fixtures for the host's own tests, so each test states the exact module it loads.
import wabtInit from "wabt";

const wabt = await wabtInit();

export function wat(source: string): Uint8Array {
  const module = wabt.parseWat("fixture.wat", source);
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

export interface PluginFixture {
  /** Import declarations (WAT wants them before any definition). */
  imports?: string;
  /** Further definitions: exports, data, … */
  body?: string;
  marker?: string;
}

/** A minimal valid plugin: ABI marker, a bump allocator and memory, plus the given parts. */
export function plugin({
  imports = "",
  body = "",
  marker = "proxy_abi_version_0_2_1",
}: PluginFixture = {}): Uint8Array {
  return wat(`(module
    ${imports}
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "${marker}"))
    (func (export "malloc") (param $n i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $heap))
      (global.set $heap (i32.add (global.get $heap) (local.get $n)))
      (local.get $p))
    ${body})`);
}
