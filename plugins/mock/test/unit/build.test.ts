// The shipped release build: it loads on the host package.json's "gatewasm".flavor names, fits
// its "gatewasm".budget, and is what the package's plugin.wasm export resolves to. The verdict
// is the one `gatewasm doctor` gives at the end of the build (the host's expectShippable).
// It checks this package's own release, so gatewasm new leaves this file out of new plugins.
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { expectShippable } from "@gatewasm/host";

describe("unit: release build", () => {
  it("ships: loads on its flavor within its budget (doctor's verdict)", () => {
    expectShippable(fileURLToPath(new URL("../../", import.meta.url)));
  });
});
