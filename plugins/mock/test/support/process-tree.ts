// The processes under a pid, read from `ps` (Linux and macOS), for tests that check a command
// leaves nothing running once it is stopped. A zombie (exited, not yet reaped by whoever
// inherited it) counts as gone: it holds no port and runs no code.
import { execFileSync } from "node:child_process";

export interface ProcessRow {
  pid: number;
  ppid: number;
  command: string;
}

function table(): (ProcessRow & { zombie: boolean })[] {
  const out = execFileSync("ps", ["-A", "-o", "pid=,ppid=,stat=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((l) => l.trim())
    .map((line) => {
      const [pid, ppid, stat, ...args] = line.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), zombie: stat.startsWith("Z"), command: args.join(" ") };
    });
}

/** `pid` and every process below it, the root first. */
export function processTree(pid: number): ProcessRow[] {
  const rows = table().filter((r) => !r.zombie);
  const tree = rows.filter((r) => r.pid === pid);
  for (let i = 0; i < tree.length; i++) tree.push(...rows.filter((r) => r.ppid === tree[i].pid));
  return tree.map(({ pid, ppid, command }) => ({ pid, ppid, command }));
}

/** Those of `pids` that still run. */
export function stillRunning(pids: number[]): ProcessRow[] {
  return table().filter((r) => !r.zombie && pids.includes(r.pid));
}
