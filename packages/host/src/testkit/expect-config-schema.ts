// A plugin's config code against its spec.yaml in one call (checkConfigSchema's cases, on the
// release build and flavor its package.json names): throws, listing every case the plugin
// accepted or refused against the schema, so a plugin's test is one line.
import { join } from "node:path";
import { type ConfigSchemaResult, checkConfigSchema } from "./config-schema-cases.js";
import { readPluginPackage } from "./plugin-package.js";

export async function expectConfigSchema(pluginDir: string): Promise<ConfigSchemaResult[]> {
  const plugin = readPluginPackage(pluginDir, "expectConfigSchema");
  const spec = join(pluginDir, "spec.yaml");
  const results = await checkConfigSchema({ wasm: plugin.wasmPath, spec, flavor: plugin.flavor });
  if (results.length === 0) throw new Error(`${spec}: no cases (configSchema.openAPIV3Schema has no properties)`);
  const wrong = results.filter((r) => !r.ok).map((r) => `${r.name}: expected ${r.expect}, got ${r.error || "accept"}`);
  if (wrong.length > 0)
    throw new Error(
      `the plugin's config code disagrees with ${spec} in ${wrong.length} cases:\n  ${wrong.join("\n  ")}`,
    );
  return results;
}
