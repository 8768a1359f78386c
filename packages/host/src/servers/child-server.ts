// Runs a server program on a loopback port and stops it by pid: the pattern every
// integration test uses for httpbin and redis-server.
import { spawn, type ChildProcess } from "node:child_process";
import { acceptsConnections, freeLoopbackPort } from "./loopback-port.js";

export interface RunningServer {
  /** "127.0.0.1:port". */
  address: string;
  port: number;
  pid: number;
  /** Stops the server (SIGTERM to its pid, SIGKILL if it lingers) and waits for it to exit. */
  stop(): Promise<void>;
}

interface ChildServerSpec {
  name: string;
  command: string;
  args: (port: number) => string[];
  /**
   * How long to wait for the port to accept connections (default 120 s): a cap against a server
   * that never comes up, generous because a loaded machine can take many seconds to start one.
   */
  readyTimeoutMs?: number;
  /** An extra readiness check once the port accepts connections. */
  ready?: (port: number) => Promise<boolean>;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** A fixed port instead of a free one (to restart a server where its clients expect it). */
  port?: number;
}

/** Children still running: killed if this process exits before stopping them (no orphans). */
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, "SIGKILL");
});

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  process.kill(child.pid, "SIGTERM");
  if (await waitForExit(child, 5000)) return;
  process.kill(child.pid, "SIGKILL");
  await waitForExit(child, 5000);
}

export async function startChildServer(spec: ChildServerSpec): Promise<RunningServer> {
  let lastError = "";
  // Another attempt only when the child exited on its own (most likely: a process took the free
  // port before it bound it). One that is merely slow is waited for, never killed and retried.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = spec.port ?? (await freeLoopbackPort());
    const child = spawn(spec.command, spec.args(port), {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    live.add(child);
    child.once("exit", () => live.delete(child));
    let output = "";
    child.stdout?.on("data", (d) => (output = (output + d).slice(-4000)));
    child.stderr?.on("data", (d) => (output = (output + d).slice(-4000)));
    const spawnError = new Promise<string>((resolve) => child.once("error", (e) => resolve(e.message)));
    const readyTimeoutMs = spec.readyTimeoutMs ?? 120_000;
    const deadline = Date.now() + readyTimeoutMs;
    let ready = false;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      const failed = await Promise.race([spawnError, new Promise<null>((r) => setTimeout(() => r(null), 50))]);
      if (failed !== null) throw new Error(`cannot start ${spec.name} (${spec.command}): ${failed}`);
      if ((await acceptsConnections(port)) && (!spec.ready || (await spec.ready(port)))) {
        ready = true;
        break;
      }
    }
    if (ready && child.pid !== undefined) {
      return { address: `127.0.0.1:${port}`, port, pid: child.pid, stop: () => stopChild(child) };
    }
    const exited = child.exitCode !== null || child.signalCode !== null;
    await stopChild(child);
    const said = output.trim().split("\n").slice(-5).join(" | ");
    if (!exited)
      throw new Error(`${spec.name} did not become ready on port ${port} within ${readyTimeoutMs / 1000} s: ${said}`);
    lastError = `${spec.name} exited (${child.exitCode ?? child.signalCode}) before it was ready on port ${port}: ${said}`;
  }
  throw new Error(lastError);
}
