// Builds the peer comparison into build/peers/: the same add-one-header plugin on gatewasm's
// SDK (asc 0.28, the plugins' release flags) and on solo-io's @solo-io/proxy-runtime 0.1.8 with
// the AssemblyScript it was written for (0.14.9, installed as the `assemblyscript-0.14` alias)
// and its README's build (`--use abort=abort_proc_exit --optimize`).
import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import asc from "assemblyscript/asc";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
mkdirSync(join(root, "build", "peers"), { recursive: true });

const ours = await asc.main(
  [
    "peers/gatewasm/add-header.ts",
    "--config",
    "peers/asconfig.json",
    "--target",
    "release",
    "--outFile",
    "build/peers/gatewasm-add-header.wasm",
  ],
  { stdout: process.stdout, stderr: process.stderr, baseDir: root },
);
if (ours.error) {
  console.error(`✗ peer gatewasm-add-header: ${ours.error.message}`);
  process.exit(1);
}

const require = createRequire(import.meta.url);
const asc014 = join(dirname(require.resolve("assemblyscript-0.14/package.json")), "bin", "asc");
const dir = join(root, "peers", "proxy-runtime");
try {
  await promisify(execFile)(
    process.execPath,
    [
      asc014,
      join(dir, "add-header.ts"),
      "--binaryFile",
      join(root, "build", "peers", "proxy-runtime-add-header.wasm"),
      "--use",
      "abort=abort_proc_exit",
      "--optimize",
    ],
    { cwd: dir },
  );
} catch (e) {
  console.error(`✗ peer proxy-runtime-add-header (asc 0.14): ${e.stderr ?? e.message}`);
  process.exit(1);
}
console.log("peers: gatewasm-add-header, proxy-runtime-add-header -> build/peers/");
