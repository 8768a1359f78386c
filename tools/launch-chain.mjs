// The processes that launched this one, for a long-running command (the demo) that must stop
// when any of them is stopped. `npx -y pnpm@… start` runs npm -> sh -> pnpm -> node, and a
// SIGTERM to npm ends only npm and sh: pnpm and node live on, orphaned. Nothing tells node,
// but the chain above it changes: a launcher is gone, or has a new parent (init or a
// subreaper took it in). The chain is our ancestors in our own process group, the job the
// user's shell started (the shell itself leads another group and is not watched), and at
// least our parent.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** pid -> { ppid, pgid } of a running process, or null. Linux reads /proc; elsewhere `ps`. */
function stat(pid) {
  try {
    if (process.platform === "linux") {
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ")".
      const text = readFileSync(`/proc/${pid}/stat`, "utf8");
      const [state, ppid, pgid] = text.slice(text.lastIndexOf(")") + 2).split(" ");
      return state === "Z" ? null : { ppid: Number(ppid), pgid: Number(pgid) };
    }
    const out = execFileSync("ps", ["-o", "ppid=,pgid=,stat=", "-p", String(pid)], { encoding: "utf8" }).trim();
    const [ppid, pgid, state] = out.split(/\s+/);
    return !out || state.startsWith("Z") ? null : { ppid: Number(ppid), pgid: Number(pgid) };
  } catch {
    return null;
  }
}

/** Our launchers, nearest first, each with the parent it had: [{ pid, ppid }]. */
export function launchChain() {
  const self = stat(process.pid);
  const chain = [];
  let pid = process.ppid;
  while (pid > 1) {
    const s = stat(pid);
    if (s === null) break;
    if (chain.length > 0 && s.pgid !== self?.pgid) break;
    chain.push({ pid, ppid: s.ppid });
    pid = s.ppid;
  }
  return chain;
}

/**
 * Calls `onBroken(reason)` once, when a process of `chain` has ended or has a new parent.
 * Returns a function that stops watching.
 */
export function watchLaunchChain(chain, onBroken, everyMs = process.platform === "linux" ? 250 : 1000) {
  const timer = setInterval(() => {
    for (const { pid, ppid } of chain) {
      const now = stat(pid);
      if (now === null || now.ppid !== ppid) {
        clearInterval(timer);
        onBroken(`process ${pid} that started this one ${now === null ? "ended" : "lost its parent"}`);
        return;
      }
    }
  }, everyMs);
  return () => clearInterval(timer);
}
