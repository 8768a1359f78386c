// A wrong configuration keeps the gateway from starting: `gatewasm run` exits 1 with the
// plugin's line naming the key, as Envoy refuses the same envoy.yaml. The shipped envoy.yaml
// is used with only its plugin configuration replaced.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const cli = join(dirname(createRequire(import.meta.url).resolve("@gatewasm/cli/package.json")), "bin", "gatewasm.js");
const pluginDir = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "gatewasm-http-call-refused-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** envoy.yaml with `configuration` in place of the shipped plugin configuration block. */
function envoyYamlWith(configuration: object, name: string): string {
  const original = readFileSync(join(pluginDir, "envoy.yaml"), "utf8");
  const text = original.replace(
    /(value: \|\n)( +)\{\n[\s\S]*?\n\2\}\n/,
    (_all, head: string, indent: string) =>
      head +
      JSON.stringify(configuration, null, 2)
        .split("\n")
        .map((line) => indent + line)
        .join("\n") +
      "\n",
  );
  expect(text).not.toBe(original);
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

const cases: [object, string][] = [
  [
    { serviceName: "token.static", servicePort: 80, requestPath: "/token", tokenHeader: "x-token", timout: 1000 },
    '$.timout: unknown key (did you mean "timeout"?)',
  ],
  [
    { serviceName: "token", servicePort: 80, requestPath: "/token", tokenHeader: "x-token" },
    "$.serviceName: expected a service name with its type suffix",
  ],
];

describe("integration: gatewasm run refuses a wrong configuration, naming the key", () => {
  cases.forEach(([configuration, message], i) => {
    it(`exits 1 with "${message}"`, () => {
      const run = spawnSync(
        process.execPath,
        [
          cli,
          "run",
          envoyYamlWith(configuration, `case-${i}`),
          "--listen",
          "127.0.0.1:0",
          "--cluster",
          "httpbin=127.0.0.1:9",
          "--cluster",
          "outbound|80||token.static=127.0.0.1:9",
          "--wasm",
          `/etc/envoy/main.wasm=${join(pluginDir, "build", "plugin.wasm")}`,
        ],
        { encoding: "utf8", timeout: 30_000 },
      );
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`configuration rejected: ${message}`);
      expect(run.stdout).not.toContain("listening on");
    });
  });
});
