// The git steps of a release, local only: a clean tree to start from, one release commit, an
// annotated tag per released package (annotated, so `git push --follow-tags` sends them).
import { execFileSync } from "node:child_process";

const git = (cwd: string, args: string[]) =>
  execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** The paths with uncommitted changes (git status --porcelain), empty when clean. */
export function uncommitted(cwd: string): string[] {
  return git(cwd, ["status", "--porcelain"]).split("\n").filter(Boolean);
}

export function existingTags(cwd: string, names: string[]): string[] {
  const all = new Set(git(cwd, ["tag", "--list"]).split("\n").filter(Boolean));
  return names.filter((n) => all.has(n));
}

export function commitAll(cwd: string, message: string): string {
  git(cwd, ["add", "-A"]);
  git(cwd, ["commit", "-q", "-m", message]);
  return git(cwd, ["rev-parse", "HEAD"]).trim();
}

export function tag(cwd: string, name: string): void {
  git(cwd, ["tag", "-a", name, "-m", name]);
}
