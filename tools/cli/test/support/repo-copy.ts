// A throwaway copy of this checkout for tests that change a repository (scaffold, release):
// the files git would commit (working-tree versions, so uncommitted work is tested too), the
// build outputs (so nothing is rebuilt that the test does not build itself), a fresh git
// history of one commit, and an offline `pnpm install` from the local store.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ROOT } from "./cli.js";

export interface RepoCopy {
  root: string;
  /** Runs a command in the copy; returns stdout, throws with stderr on failure. */
  sh: (cmd: string, args: string[], cwd?: string) => string;
  remove: () => void;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: "gatewasm test",
  GIT_AUTHOR_EMAIL: "test@gatewasm.invalid",
  GIT_COMMITTER_NAME: "gatewasm test",
  GIT_COMMITTER_EMAIL: "test@gatewasm.invalid",
};

export function pnpmCommand(): string[] {
  // Tests run under pnpm; use the same pnpm (npm_execpath), not whatever is first on PATH.
  const execPath = process.env.npm_execpath;
  return execPath?.includes("pnpm") ? [process.execPath, execPath] : ["pnpm"];
}

export function copyRepo(prefix: string): RepoCopy {
  const root = realpathSync(mkdtempSync(join(tmpdir(), `gatewasm-${prefix}-`)));
  // Plain output to match against; no colours from vitest or pnpm.
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  const sh = (cmd: string, args: string[], cwd = root) => {
    const [bin, ...pre] = cmd === "pnpm" ? pnpmCommand() : [cmd];
    return execFileSync(bin, [...pre, ...args], {
      cwd,
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  };

  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  for (const rel of listed.split("\0").filter(Boolean)) {
    if (!existsSync(join(ROOT, rel))) continue; // deleted in the working tree
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    cpSync(join(ROOT, rel), join(root, rel));
  }
  for (const group of ["packages", "tools", "plugins"]) {
    for (const pkg of readdirSync(join(ROOT, group))) {
      for (const out of ["dist", "build"]) {
        if (existsSync(join(ROOT, group, pkg, out)))
          cpSync(join(ROOT, group, pkg, out), join(root, group, pkg, out), { recursive: true });
      }
    }
  }
  sh("git", ["init", "-q", "-b", "main"]);
  sh("git", ["add", "-A"]);
  sh("git", ["commit", "-q", "-m", "copy of the checkout under test"]);
  sh("pnpm", ["install", "--offline", "--frozen-lockfile", "--reporter=silent"]);
  return { root, sh, remove: () => rmSync(root, { recursive: true, force: true }) };
}
