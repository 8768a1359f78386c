// `gatewasm dev [--src DIR] [--build CMD] [--] <gatewasm run arguments>`: the edit loop of a
// plugin. Builds once, runs the gateway with --watch, and rebuilds whenever a file under src/
// changes; the gateway reloads the new build/plugin.wasm when it appears (canary first), and a
// build or a module that fails leaves the running one serving, with the reason printed.
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { parseArgs } from "node:util";
import { runCommand, RUN_USAGE } from "./run.js";

export const DEV_USAGE = `usage: gatewasm dev [--src DIR] [--build CMD] [--] <envoy.yaml> [gatewasm run options]

  Builds the plugin, runs the gateway with --watch, and rebuilds on every change under --src:
  the gateway swaps in the new module for new streams within seconds, and keeps the running
  one serving when the build or the new module fails.

  --src                the folder to watch (default src)
  --build              the build command (default: npm run build)

gatewasm run options:
${RUN_USAGE.slice(RUN_USAGE.indexOf("\n\n") + 2)}`;

/** Runs the build command through the shell; resolves to whether it succeeded. */
function build(command: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ["ignore", "inherit", "inherit"] });
    child.once("error", (e) => {
      process.stderr.write(`gatewasm dev: ${command}: ${e.message}\n`);
      resolve(false);
    });
    child.once("exit", (code) => resolve(code === 0));
  });
}

export async function devCommand(argv: string[]): Promise<number> {
  const split = argv.indexOf("--");
  const own = split >= 0 ? argv.slice(0, split) : [];
  const runArgs = split >= 0 ? argv.slice(split + 1) : argv;
  if (own.includes("--help") || own.includes("-h") || (split < 0 && (argv.includes("--help") || argv.includes("-h")))) {
    process.stdout.write(`${DEV_USAGE}\n`);
    return 0;
  }
  let values: { src?: string; build?: string };
  try {
    ({ values } = parseArgs({ args: own, options: { src: { type: "string" }, build: { type: "string" } } }));
  } catch (e) {
    process.stderr.write(`gatewasm dev: ${(e as Error).message}\n\n${DEV_USAGE}\n`);
    return 2;
  }
  const src = values.src ?? "src";
  const command = values.build ?? "npm run build";
  process.stderr.write(`gatewasm dev: ${command}\n`);
  if (!(await build(command))) {
    process.stderr.write("gatewasm dev: the first build failed; fix it and run gatewasm dev again\n");
    return 1;
  }
  // One build at a time; a save during a build gets one more build after it.
  let building = false;
  let again = false;
  const rebuild = async () => {
    if (building) {
      again = true;
      return;
    }
    building = true;
    do {
      again = false;
      process.stderr.write(`gatewasm dev: ${src} changed: ${command}\n`);
      if (!(await build(command)))
        process.stderr.write("gatewasm dev: the build failed; the gateway keeps the last good module\n");
    } while (again);
    building = false;
  };
  let timer: NodeJS.Timeout | null = null;
  let watcher: ReturnType<typeof watch>;
  try {
    watcher = watch(src, { recursive: true }, () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void rebuild(), 100);
    });
  } catch (e) {
    process.stderr.write(`gatewasm dev: cannot watch ${src}: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    return await runCommand([...runArgs, "--watch"]);
  } finally {
    watcher.close();
    if (timer) clearTimeout(timer);
  }
}
