// The configuration tables of README.md and README_ZH.md are written from spec.yaml by
// `gatewasm docs`; this fails when a README (or spec.yaml) was edited without the other.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const cli = join(dirname(createRequire(import.meta.url).resolve("@gatewasm/cli/package.json")), "bin", "gatewasm.js");
const pluginDir = fileURLToPath(new URL("../../", import.meta.url));

describe("unit: README configuration tables", () => {
  it("are what gatewasm docs writes from spec.yaml", () => {
    const run = spawnSync(process.execPath, [cli, "docs", pluginDir, "--check"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
