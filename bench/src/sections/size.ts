// Size: each plugin's release .wasm as shipped (bytes and gzip -9, as a registry or an OCI
// layer would compress it), next to its budget and to its raw-ABI baseline.
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { PluginUnderTest } from "../plugins.js";
import { baselineWasm, pluginWasm } from "../paths.js";
import type { SizeRow } from "../report/results.js";

export function measureSizes(plugins: PluginUnderTest[]): SizeRow[] {
  return plugins.map((p) => {
    const bytes = readFileSync(pluginWasm(p.name));
    const baseline = baselineWasm(p.name);
    return {
      plugin: p.name,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      budgetBytes: p.budgetBytes,
      baselineBytes: existsSync(baseline) ? readFileSync(baseline).length : null,
    };
  });
}
