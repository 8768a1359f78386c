// The tests `gatewasm new` writes instead of a sample's checks of its own release (a sample marks
// such files with SKIP_MARK): the new plugin's build is checked against its own package.json
// ("gatewasm": flavor and budget) and its own name, so they hold as the plugin grows. The
// sample's other tests are copied with a header saying they describe the sample's behaviour.
import type { PluginNames } from "./names.js";
import { SCAFFOLD_MARK } from "./rewrite.js";

/** A sample's test file holding this line checks the sample's own release; `gatewasm new` leaves it out. */
const SKIP_MARK = "gatewasm new leaves this file out";

/** Where the generated build test goes (a sample's file there is replaced). */
export const BUILD_TEST = "test/unit/build.test.ts";

export function isSampleOnlyTest(text: string): boolean {
  return text.includes(SKIP_MARK);
}

/** The header of each test file copied from the sample. */
export function copiedTestHeader(sample: string, name: string): string {
  return (
    `// Copied from the ${sample} sample ${SCAFFOLD_MARK}: these tests pin what ${name} does now, the\n` +
    `// sample's behaviour. Change them together with src/ as ${name} becomes your plugin.\n`
  );
}

export function buildTest(names: PluginNames): string {
  return `// Written ${SCAFFOLD_MARK} for ${names.name}: the release build against what package.json says of it.
// To allow more bytes or another host, change package.json "gatewasm".budget / .flavor, not this file.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CompiledPlugin, readWasmModule, type Flavor } from "@gatewasm/host";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
const { flavor, budget } = pkg.gatewasm as { flavor: Flavor; budget: number };
const wasm = readFileSync(fileURLToPath(new URL("../../build/plugin.wasm", import.meta.url)));

describe("${names.name} release build", () => {
  const info = readWasmModule(wasm);

  it(\`is at most \${budget} bytes (package.json "gatewasm".budget)\`, () => {
    expect(wasm.length).toBeLessThanOrEqual(budget);
  });

  it(\`loads on \${flavor} (package.json "gatewasm".flavor)\`, () => {
    let error: string | undefined;
    try {
      CompiledPlugin.compile(wasm, flavor);
    } catch (e) {
      error = (e as Error).message;
    }
    // Redis calls exist on Higress only: a plugin that uses them needs "flavor": "higress".
    expect(error, \`set package.json "gatewasm".flavor to "higress" if the plugin calls Redis\`).toBeUndefined();
  });

  it("exports the ABI marker, an allocator, memory and _initialize, and has no start section", () => {
    const names = info.exports.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(["proxy_abi_version_0_2_1", "malloc", "memory", "_initialize"]));
    expect(info.hasStartSection).toBe(false);
  });

  it("registers as ${names.name} (setCtx in src/plugin.ts; envoy.yaml's filter and root_id say the same)", () => {
    // AssemblyScript keeps string literals as UTF-16.
    expect(wasm.includes(Buffer.from(${JSON.stringify(names.name)}, "utf16le"))).toBe(true);
  });
});
`;
}
