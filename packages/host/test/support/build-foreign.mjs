// Builds the foreign-module suite (test/fixtures/foreign/) into test/fixtures/build/foreign/:
// hand-written WAT through wabt, and plugins written against solo-io's @solo-io/proxy-runtime
// with the AssemblyScript that package was written for (0.14, installed as the
// `assemblyscript-0.14` alias next to our own 0.28). Sources are committed, binaries never.
// Plain JavaScript, so the host's test set-up and the CLI's doctor test can both run it:
//   node packages/host/test/support/build-foreign.mjs
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import wabtInit from "wabt";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
export const FOREIGN_SOURCES = join(fixtures, "foreign");
export const FOREIGN_BUILD = join(fixtures, "build", "foreign");

/** asc 0.14 is slow on a busy machine: keep a build that is newer than its source. */
function upToDate(source, out) {
  return existsSync(out) && statSync(out).mtimeMs > statSync(source).mtimeMs;
}

async function buildWat() {
  const wabt = await wabtInit();
  for (const file of readdirSync(join(FOREIGN_SOURCES, "wat")).filter((f) => f.endsWith(".wat"))) {
    const module = wabt.parseWat(file, readFileSync(join(FOREIGN_SOURCES, "wat", file), "utf8"));
    try {
      writeFileSync(join(FOREIGN_BUILD, `wat-${basename(file, ".wat")}.wasm`), module.toBinary({}).buffer);
    } finally {
      module.destroy();
    }
  }
}

async function buildProxyRuntime() {
  const require = createRequire(import.meta.url);
  const asc = join(dirname(require.resolve("assemblyscript-0.14/package.json")), "bin", "asc");
  const dir = join(FOREIGN_SOURCES, "proxy-runtime");
  await Promise.all(
    readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .map(async (file) => {
        const out = join(FOREIGN_BUILD, `proxy-runtime-${basename(file, ".ts")}.wasm`);
        if (upToDate(join(dir, file), out)) return;
        // proxy-runtime's README build: its abort replacement, optimized.
        const args = [asc, join(dir, file), "--binaryFile", out, "--use", "abort=abort_proc_exit", "--optimize"];
        try {
          await promisify(execFile)(process.execPath, args, { cwd: dir });
        } catch (e) {
          throw new Error(`asc 0.14 ${file}: ${e.stderr ?? e.message}`);
        }
      }),
  );
}

export async function buildForeignModules() {
  mkdirSync(FOREIGN_BUILD, { recursive: true });
  await Promise.all([buildWat(), buildProxyRuntime()]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildForeignModules();
