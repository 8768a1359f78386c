// Builds the AssemblyScript fixtures once per test run (vitest globalSetup), into
// test/fixtures/build/ (git-ignored). Only raw proxy-wasm imports: no SDK.
import { mkdirSync } from "node:fs";
import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";
import { execFileSync } from "node:child_process";

const root = fileURLToPath(new URL("..", import.meta.url));

export async function compileFixture(entry: string, outFile: string): Promise<void> {
  mkdirSync(`${root}fixtures/build`, { recursive: true });
  let stderr = "";
  const { error } = await asc.main(
    [
      `${root}fixtures/scripted/${entry}.ts`,
      "--outFile",
      `${root}fixtures/build/${outFile}`,
      "--runtime",
      "stub",
      "--exportStart",
      "_initialize",
      // asc names the element by its path from the working directory (another package's tests build it too).
      "--use",
      `abort=${relative(process.cwd(), `${root}fixtures/scripted/abort`).split(sep).join("/")}/fixtureAbort`,
      "--optimizeLevel",
      "1",
      "--noAssert",
    ],
    {
      stderr: {
        write: (s: string | Uint8Array) => {
          stderr += String(s);
          return true;
        },
      } as never,
    },
  );
  if (error) throw new Error(`asc ${entry}: ${error.message}\n${stderr}`);
}

export default async function setup(): Promise<void> {
  await compileFixture("envoy", "scripted-envoy.wasm");
  await compileFixture("higress", "scripted-higress.wasm");
  // The foreign-module suite (a plain script, so the CLI's doctor test can run it too).
  execFileSync(process.execPath, [fileURLToPath(new URL("./build-foreign.mjs", import.meta.url))], {
    stdio: "inherit",
  });
}
