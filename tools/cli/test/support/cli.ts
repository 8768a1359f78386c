// Runs the built `gatewasm` bin as a user would, and small helpers the verb tests share.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";

export const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
const BIN = join(ROOT, "tools/cli/bin/gatewasm.js");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function gatewasm(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary folder removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `gatewasm-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Compiles WebAssembly text to a binary without validating it (broken modules are wanted here). */
export async function wat(text: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat("fixture.wat", text);
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** The smallest module Envoy loads: ABI marker, allocator, memory. `extra` adds fields. */
export function proxyModule(extra = ""): string {
  return `(module ${extra}
    (memory (export "memory") 1)
    (func (export "proxy_abi_version_0_2_1"))
    (func (export "malloc") (param i32) (result i32) i32.const 1024))`;
}

export interface Running {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
}

/** Starts a long-running command (the gateway) and collects its output. */
export function start(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Running {
  const child = spawn(cmd, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const run: Running = {
    child,
    stdout: "",
    stderr: "",
    exit: new Promise((r) => child.once("exit", (code) => r(code))),
  };
  child.stdout!.on("data", (d) => (run.stdout += d));
  child.stderr!.on("data", (d) => (run.stderr += d));
  return run;
}

/** `gatewasm …` from this checkout's bin, running in the background. */
export function startGatewasm(args: string[], options: { cwd?: string; bin?: string } = {}): Running {
  return start(process.execPath, [options.bin ?? BIN, ...args], { cwd: options.cwd });
}

/** A cap against a gateway that never starts; generous, since a loaded machine starts one slowly. */
const START_CAP_MS = 120_000;

/** The URL once the gateway prints "listening on …"; throws with its stderr if it exits first. */
export async function listening(run: Running): Promise<string> {
  const deadline = Date.now() + START_CAP_MS;
  while (Date.now() < deadline) {
    const m = /listening on (http:\/\/\S+)/.exec(run.stdout);
    if (m) return m[1];
    if (run.child.exitCode !== null) throw new Error(`gatewasm exited ${run.child.exitCode}: ${run.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gatewasm did not start within ${START_CAP_MS / 1000} s: ${run.stderr}`);
}

/** SIGTERM, then the exit code. */
export async function stop(run: Running): Promise<number | null> {
  if (run.child.exitCode === null) run.child.kill("SIGTERM");
  return run.exit;
}
