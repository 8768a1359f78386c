// spec.yaml is the one description of this plugin's configuration: the built .wasm is driven
// with every case the schema implies (defaults, enum values, bounds and one past them, wrong
// types, typos, missing required keys, an unknown key listing the keys read) and must accept
// or refuse each as the schema says, naming the key.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectConfigSchema } from "@gatewasm/host";

describe("unit: the config code matches spec.yaml", () => {
  it("accepts and refuses every schema case as spec.yaml says", async () => {
    const results = await expectConfigSchema(fileURLToPath(new URL("../../", import.meta.url)));
    expect(results.length).toBeGreaterThan(10);
  });
});
