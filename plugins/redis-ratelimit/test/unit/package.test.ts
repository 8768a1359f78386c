// What the npm package ships stays consistent with the code: every config key the parser reads
// is in spec.yaml and in both READMEs, the example configs and envoy.yaml's configuration are
// accepted, and the built wasm resolves by its package path.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { TestHost } from "@gatewasm/host";
import { shippedScript, wasmPath } from "../support/unit.ts";

const dir = new URL("../../", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), "utf8");

const parserKeys = [...read("src/config.ts").matchAll(/json\.member\("(\w+)"\)/g)].map((m) => m[1]);
const keys = [...new Set(parserKeys)].sort();

async function accepted(config: string): Promise<void> {
  const r = await TestHost.tryStart({ wasm: wasmPath, config, flavor: "higress" });
  expect(r.error?.logs.map((l) => l.message).join("\n")).toBeUndefined();
}

describe("package contents", () => {
  it("spec.yaml describes every config key the parser reads, and no other", () => {
    const spec = parse(read("spec.yaml"));
    expect(Object.keys(spec.spec.configSchema.openAPIV3Schema.properties).sort()).toEqual(keys);
    expect(keys).toEqual(
      expect.arrayContaining(["serviceName", "servicePort", "username", "password", "timeout", "qpm"]),
    );
  });

  it("both READMEs have a table row for every key", () => {
    for (const readme of ["README.md", "README_ZH.md"]) {
      const text = read(readme);
      for (const key of keys) expect(text, `${readme}: ${key}`).toMatch(new RegExp(`^\\| \`${key}\` \\|`, "m"));
    }
  });

  it("the script shown in README.md is the one the plugin sends", () => {
    const squash = (t: string) => t.replace(/\s+/g, " ").trim();
    const shown = /```lua\n([\s\S]*?)```/.exec(read("README.md"))![1];
    expect(squash(shown)).toBe(squash(shippedScript()));
  });

  it("accepts every example config", async () => {
    const names = readdirSync(new URL("config/", dir)).filter((n) => n.endsWith(".json"));
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) await accepted(read(`config/${name}`));
  });

  it("accepts the configuration in envoy.yaml", async () => {
    const filters = parse(read("envoy.yaml")).static_resources.listeners[0].filter_chains[0].filters[0].typed_config
      .http_filters;
    await accepted(filters[0].typed_config.value.config.configuration.value);
  });

  it("resolves @gatewasm/plugin-redis-ratelimit/plugin.wasm to the release build", () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve("@gatewasm/plugin-redis-ratelimit/plugin.wasm")).toBe(wasmPath);
  });
});
