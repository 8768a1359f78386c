// A configuration of the wrong type keeps the gateway from starting, with the plugin's line
// naming the key: `gatewasm run` exits 1, as Envoy does with the same envoy.yaml.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { envoyYamlWithConfiguration } from "../support/envoy-yaml.js";
import { wasmPath } from "../support/mock-plugin.js";

const cli = join(dirname(createRequire(import.meta.url).resolve("@gatewasm/cli/package.json")), "bin", "gatewasm.js");

describe("integration: a wrong configuration refuses to start", () => {
  const yaml = envoyYamlWithConfiguration({ mockEnable: "yes" });
  afterAll(() => yaml.remove());

  it('gatewasm run with {"mockEnable": "yes"} exits 1 naming mockEnable', () => {
    const run = spawnSync(
      process.execPath,
      [
        cli,
        "run",
        yaml.path,
        "--listen",
        "127.0.0.1:0",
        "--cluster",
        "httpbin=127.0.0.1:9",
        "--wasm",
        `/etc/envoy/main.wasm=${wasmPath}`,
      ],
      { encoding: "utf8", timeout: 120_000 }, // a cap against a hang, not a speed claim
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      "configuration rejected: $.mockEnable: expected a boolean (true or false), got a string",
    );
    expect(run.stderr).toContain("Unable to create Wasm HTTP filter mock");
    expect(run.stdout).not.toContain("listening on");
  });
});

describe("integration: a Host header in requestHeaders refuses to start", () => {
  const yaml = envoyYamlWithConfiguration({ requestHeaders: { host: "other.example" } });
  afterAll(() => yaml.remove());

  it('gatewasm run with {"requestHeaders": {"host": …}} exits 1 naming requestHeaders.host', () => {
    const run = spawnSync(
      process.execPath,
      [
        cli,
        "run",
        yaml.path,
        "--listen",
        "127.0.0.1:0",
        "--cluster",
        "httpbin=127.0.0.1:9",
        "--wasm",
        `/etc/envoy/main.wasm=${wasmPath}`,
      ],
      { encoding: "utf8", timeout: 20_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("configuration rejected: $.requestHeaders.host: is set by the gateway");
    expect(run.stdout).not.toContain("listening on");
  });
});
