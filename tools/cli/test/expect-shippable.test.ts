// The host's expectShippable (what each plugin's build test calls) and `gatewasm doctor` give
// one verdict in one wording: a plugin folder whose release build is over its budget, or
// imports what its flavor lacks, fails the test with doctor's --quiet text, to the letter.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectShippable } from "@gatewasm/host";
import { gatewasm, proxyModule, ROOT, tempDir, wat } from "./support/cli.js";

const tmp = tempDir("shippable");
afterAll(() => tmp.remove());

/** A plugin folder with `wasm` as its release build and `gatewasm` as its package.json settings. */
function pluginFolder(name: string, wasm: Uint8Array | string, gatewasmSettings: object): string {
  const dir = join(tmp.dir, name);
  mkdirSync(join(dir, "build"), { recursive: true });
  const file = join(dir, "build", "plugin.wasm");
  if (typeof wasm === "string") copyFileSync(wasm, file);
  else writeFileSync(file, wasm);
  const manifest = {
    name: `@test/${name}`,
    exports: { "./plugin.wasm": "./build/plugin.wasm" },
    gatewasm: gatewasmSettings,
  };
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest));
  return dir;
}

/** expectShippable's failure text, or fails the test if it passes. */
function failure(dir: string): string {
  try {
    expectShippable(dir);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expectShippable(${dir}) passed`);
}

/** doctor --quiet on the same file, named as expectShippable names it (relative to the cwd). */
function doctorQuiet(dir: string): { status: number | null; text: string } {
  const file = relative(process.cwd(), join(dir, "build", "plugin.wasm"));
  const r = gatewasm(["doctor", file, "--quiet"], { cwd: process.cwd() });
  return { status: r.status, text: (r.stdout + r.stderr).replace(/\n$/, "") };
}

describe("expectShippable", () => {
  it("passes hello-world's release build and returns doctor's verdict for it", () => {
    const verdict = expectShippable(join(ROOT, "plugins/hello-world"));
    const budget = JSON.parse(readFileSync(join(ROOT, "plugins/hello-world/package.json"), "utf8")).gatewasm.budget;
    expect(verdict).toMatchObject({ ok: true, flavor: "envoy", budget, problems: [] });
  });

  it("fails a build over its package.json budget with doctor's words", () => {
    const dir = pluginFolder("over-budget", join(ROOT, "plugins/hello-world/build/plugin.wasm"), {
      flavor: "envoy",
      budget: 100,
    });
    const text = failure(dir);
    expect(text).toMatch(/: loads on envoy, but is over its size budget \([\d,]+ of 100 bytes\)\nproblems \(1\)/);
    expect(doctorQuiet(dir)).toEqual({ status: 1, text });
  });

  it("fails a build that imports a Higress-only call on envoy with doctor's words and hint", async () => {
    const redis = `(import "env" "proxy_redis_init" (func (param i32 i32 i32 i32 i32 i32 i32) (result i32)))`;
    const dir = pluginFolder("higress-only", await wat(proxyModule(redis)), { flavor: "envoy", budget: 65_536 });
    const text = failure(dir);
    expect(text).toContain(": would NOT load on envoy");
    expect(text).toContain("This module is Higress-only: it imports env.proxy_redis_init");
    expect(doctorQuiet(dir)).toEqual({ status: 1, text });
  });

  it("refuses a folder that is not a plugin's, saying what is missing", () => {
    expect(() => expectShippable(tmp.dir)).toThrow(/package\.json is missing: expectShippable takes a plugin's folder/);
    const dir = pluginFolder("bad-flavor", join(ROOT, "plugins/hello-world/build/plugin.wasm"), { flavor: "istio" });
    expect(() => expectShippable(dir)).toThrow(/gatewasm\.flavor "istio": expected envoy or higress/);
  });
});
