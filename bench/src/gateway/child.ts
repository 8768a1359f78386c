// Child processes of the load benchmarks (echo upstream, gateway, load client), each started
// from this package's code or the repository's CLI and stopped by its pid.
import { spawn, type ChildProcess } from "node:child_process";

export interface Child {
  pid: number;
  /** The last lines it wrote on stderr (for an error message). */
  stderr: string[];
  stop(): Promise<void>;
}

/**
 * Starts `node args…` and resolves with the first stdout line matching `ready` (its match).
 * `timeoutMs` caps a start that never comes; generous, as CI runs the bench on a loaded machine.
 * `onStderrLine` sees every whole line the process writes on stderr (the gateway's log).
 */
export function startNode(
  args: string[],
  ready: RegExp,
  timeoutMs = 120_000,
  onStderrLine?: (line: string) => void,
): Promise<{ child: Child; match: RegExpMatchArray }> {
  const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const stderr: string[] = [];
  let partial = "";
  proc.stderr!.setEncoding("utf8").on("data", (d: string) => {
    const lines = (partial + d).split("\n");
    partial = lines.pop()!;
    for (const line of lines) onStderrLine?.(line);
    stderr.push(...lines.filter(Boolean));
    if (stderr.length > 20) stderr.splice(0, stderr.length - 20);
  });
  const child: Child = { pid: proc.pid!, stderr, stop: () => stop(proc) };
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      void child.stop();
      reject(new Error(`node ${args.join(" ")}: ${e.message}${stderr.length ? `\n${stderr.join("\n")}` : ""}`));
    };
    proc.on("exit", (code) => fail(new Error(`exited with ${code}`)));
    proc.on("error", fail);
    proc.stdout!.setEncoding("utf8").on("data", (d: string) => {
      buffered += d;
      const match = buffered.match(ready);
      if (!match) return;
      clearTimeout(timer);
      proc.removeAllListeners("exit");
      proc.stdout!.removeAllListeners("data").resume();
      resolve({ child, match });
    });
  });
}

/** SIGTERM (SIGKILL if it lingers), then waits for its output to end too ("close", after "exit"). */
function stop(proc: ChildProcess): Promise<void> {
  const closed = new Promise<void>((resolve) =>
    proc.stdout?.closed && proc.stderr?.closed ? resolve() : proc.once("close", () => resolve()),
  );
  if (proc.exitCode !== null || proc.signalCode !== null) return closed;
  const kill = setTimeout(() => proc.kill("SIGKILL"), 5_000);
  proc.once("exit", () => clearTimeout(kill));
  proc.kill("SIGTERM");
  return closed;
}

/** Runs `node args…` to the end and resolves with its stdout. */
export function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    proc.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    proc.stderr.setEncoding("utf8").on("data", (d: string) => (err = (err + d).slice(-2000)));
    proc.on("error", reject);
    proc.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`node ${args.join(" ")} exited with ${code}: ${err}`)),
    );
  });
}
