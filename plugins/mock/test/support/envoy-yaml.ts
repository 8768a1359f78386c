// The plugin's own envoy.yaml with another plugin configuration, as the seed's second
// verification step does by hand ("modify envoy.yaml and set mockEnable to true"). Only the
// configuration block changes; listeners, routes and the cluster stay the shipped ones.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { envoyYamlPath } from "./mock-plugin.js";

// `value: |` followed by the JSON object, its braces at the block's indentation.
const CONFIGURATION_BLOCK = /(value: \|\n)( +)\{\n[\s\S]*?\n\2\}\n/g;

export interface EnvoyYamlCopy {
  path: string;
  remove(): void;
}

export function envoyYamlWithConfiguration(configuration: object): EnvoyYamlCopy {
  const original = readFileSync(envoyYamlPath, "utf8");
  const blocks = original.match(CONFIGURATION_BLOCK) ?? [];
  if (blocks.length !== 1)
    throw new Error(`envoy.yaml should have one plugin configuration block, found ${blocks.length}`);
  const text = original.replace(CONFIGURATION_BLOCK, (_all, head: string, indent: string) => {
    const json = JSON.stringify(configuration, null, 2)
      .split("\n")
      .map((line) => indent + line)
      .join("\n");
    return `${head}${json}\n`;
  });
  const dir = mkdtempSync(join(tmpdir(), "gatewasm-mock-"));
  const path = join(dir, "envoy.yaml");
  writeFileSync(path, text);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
