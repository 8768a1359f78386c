// Compiles each baseline (baselines/<name>.ts, every file that is not a shared part) into
// build/baselines/<name>.wasm with the plugins' runtime and release flags (asconfig.json here
// mirrors packages/sdk/asconfig.base.json and the plugins' release target, without the SDK).
// One Node process and asc's API: each asc process start costs 1-2 s.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const SHARED = new Set(["abi", "callbacks", "runtime"]);
const names = readdirSync(join(root, "baselines"))
  .filter((f) => f.endsWith(".ts") && !SHARED.has(f.slice(0, -3)))
  .map((f) => f.slice(0, -3));

let failed = 0;
for (const name of names) {
  const { error } = await asc.main(
    [
      `baselines/${name}.ts`,
      "--config",
      "baselines/asconfig.json",
      "--target",
      "release",
      "--outFile",
      `build/baselines/${name}.wasm`,
    ],
    { stdout: process.stdout, stderr: process.stderr, baseDir: root },
  );
  if (error) {
    failed++;
    console.error(`✗ baseline ${name}: ${error.message}`);
  }
}
if (failed) process.exit(1);
console.log(`baselines: ${names.join(", ")} -> build/baselines/`);
