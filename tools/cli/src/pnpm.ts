// Running pnpm from the CLI: the pnpm that runs us (`pnpm exec gatewasm`, root scripts) when
// there is one, so a checkout's pinned pnpm does the work, else the pnpm on PATH.
import { spawnSync } from "node:child_process";

function command(): string[] {
  const execPath = process.env.npm_execpath;
  return execPath?.includes("pnpm") ? [process.execPath, execPath] : ["pnpm"];
}

/** Runs pnpm in `cwd` with its output on our stderr (stdout stays ours); true if it succeeded. */
export function pnpm(cwd: string, args: string[]): boolean {
  const [bin, ...pre] = command();
  return spawnSync(bin, [...pre, ...args], { cwd, stdio: ["ignore", 2, "inherit"] }).status === 0;
}

/** Runs pnpm in `cwd` and returns its stdout; throws with its stderr when it fails. */
export function pnpmOutput(cwd: string, args: string[]): string {
  const [bin, ...pre] = command();
  const r = spawnSync(bin, [...pre, ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`pnpm ${args.join(" ")} failed: ${r.stderr.trim() || r.error?.message}`);
  return r.stdout;
}
