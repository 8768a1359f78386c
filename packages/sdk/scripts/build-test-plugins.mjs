// Compiles the SDK's test plugins (test/plugins/*.ts) into build/*.wasm with the SDK's shared
// asconfig, the way a plugin package would: one Node process, asc's programmatic API (each asc
// process start costs 1-2 s). `@gatewasm/sdk` resolves to this package through `--path`.
import { mkdirSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const build = join(root, "build");
const packages = join(build, ".packages");
const only = process.argv.slice(2);

mkdirSync(join(packages, "@gatewasm"), { recursive: true });
rmSync(join(packages, "@gatewasm", "sdk"), { force: true });
symlinkSync(relative(join(packages, "@gatewasm"), root), join(packages, "@gatewasm", "sdk"), "dir");

const plugins = readdirSync(join(root, "test", "plugins"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .filter((name) => only.length === 0 || only.includes(name));

let failed = 0;
for (const name of plugins) {
  const started = Date.now();
  const { error, stderr } = await asc.main(
    [
      `test/plugins/${name}.ts`,
      "--config",
      "test/asconfig.json",
      "--target",
      "release",
      "--outFile",
      `build/${name}.wasm`,
      "--path",
      "build/.packages",
    ],
    { stdout: process.stdout, stderr: process.stderr, baseDir: root },
  );
  if (error) {
    failed++;
    console.error(`✗ ${name}: ${error.message}`);
  } else {
    console.log(`✓ ${name} (${Date.now() - started} ms)`);
  }
  void stderr;
}
if (failed) process.exit(1);
