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
import { expectShippable } from "@gatewasm/host";

const pluginDir = fileURLToPath(new URL("../../", import.meta.url));

describe("${names.name} release build", () => {
  it("ships: loads on package.json's gatewasm.flavor within gatewasm.budget (doctor's verdict)", () => {
    // Redis calls exist on Higress only: a plugin that uses them needs "flavor": "higress".
    expectShippable(pluginDir);
  });

  it("registers as ${names.name} (setCtx in src/plugin.ts; envoy.yaml's filter and root_id say the same)", () => {
    const wasm = readFileSync(\`\${pluginDir}build/plugin.wasm\`);
    // AssemblyScript keeps string literals as UTF-16.
    expect(wasm.includes(Buffer.from(${JSON.stringify(names.name)}, "utf16le"))).toBe(true);
  });
});
`;
}
