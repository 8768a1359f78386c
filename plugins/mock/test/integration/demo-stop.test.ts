// `pnpm start` stops whole, whichever of its processes is told to: a SIGTERM or SIGINT to pnpm
// (which forwards it to the demo's node process, exec'd by the start script), or to the demo's
// node process itself, or a SIGTERM to a shell above pnpm, which ends the shell alone (what
// `npx -y pnpm@… start` does when npx gets a SIGTERM: npm kills the `sh -c pnpm` it started,
// and pnpm and the demo are orphaned).
// Each case starts the demo the way the README does, on a free port (`--no-build`: the build
// already ran before these tests, and a second turbo would rewrite the files other tests read),
// sends one signal to one process, then waits for the port to close and every process of the
// tree to be gone.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { acceptsConnections } from "@gatewasm/host";
import { processTree, stillRunning, type ProcessRow } from "../support/process-tree.ts";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
/** Generous: on a loaded machine a stop may take seconds; a hang takes forever. */
const STOP_DEADLINE_MS = 60_000;

/** The pnpm running these tests (npm_execpath), not whatever is first on PATH. */
function pnpm(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  return execPath?.includes("pnpm") ? [process.execPath, [execPath]] : ["pnpm", []];
}

/** `pnpm start` on a free port; `viaShell` puts a shell above pnpm, as npx does. */
async function startDemo(
  viaShell: boolean,
): Promise<{ pid: number; port: number; tree: ProcessRow[]; output: () => string; exited: Promise<unknown> }> {
  const [bin, pre] = pnpm();
  const args = [...pre, "start", "--no-build", "--listen", "127.0.0.1:0"];
  const quoted = [bin, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  const child = viaShell
    ? spawn("sh", ["-c", `${quoted}; exit $?`], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] })
    : spawn(bin, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise((done) => child.once("exit", done));
  const port = await new Promise<number>((found, fail) => {
    child.stdout.on("data", () => {
      const m = /curl http:\/\/127\.0\.0\.1:(\d+)\/get/.exec(output);
      if (m) found(Number(m[1]));
    });
    void exited.then(() => fail(new Error(`pnpm start exited before printing the curl line:\n${output}`)));
  });
  return { pid: child.pid!, port, tree: processTree(child.pid!), output: () => output, exited };
}

async function waitUntilStopped(port: number, tree: ProcessRow[]): Promise<{ portOpen: boolean; left: ProcessRow[] }> {
  const pids = tree.map((p) => p.pid);
  const deadline = Date.now() + STOP_DEADLINE_MS;
  for (;;) {
    const portOpen = await acceptsConnections(port);
    const left = stillRunning(pids);
    if ((!portOpen && left.length === 0) || Date.now() > deadline) return { portOpen, left };
    await new Promise((r) => setTimeout(r, 100));
  }
}

const demoProcess = (tree: ProcessRow[]) =>
  tree.find((p) => p.pid !== tree[0].pid && p.command.includes("tools/demo.mjs"))!;

const cases: [string, NodeJS.Signals, boolean, (tree: ProcessRow[]) => ProcessRow][] = [
  ["pnpm", "SIGTERM", false, (tree) => tree[0]],
  ["pnpm", "SIGINT", false, (tree) => tree[0]],
  ["the demo's node process", "SIGTERM", false, demoProcess],
  ["the demo's node process", "SIGINT", false, demoProcess],
  ["a shell above pnpm (as under npx)", "SIGTERM", true, (tree) => tree[0]],
];

describe("integration: pnpm start stops whole", () => {
  it.each(cases)(
    "%s gets %s: the port closes and no process of the demo is left",
    async (_who, signal, viaShell, pick) => {
      const demo = await startDemo(viaShell);
      try {
        // The demo answers, with the plugin's header, before we stop it.
        const echoed = (await (await fetch(`http://127.0.0.1:${demo.port}/get`)).json()) as {
          headers: Record<string, string>;
        };
        expect(echoed.headers.Hello).toBe("world");
        expect(demo.tree[0].pid).toBe(demo.pid);
        const target = pick(demo.tree);
        expect(target, `no such process in ${JSON.stringify(demo.tree)}`).toBeDefined();
        if (viaShell)
          expect(demo.tree.map((p) => p.command).join("\n")).toMatch(
            /^sh -c .*\n.*pnpm.* start .*\n.*node tools\/demo\.mjs/,
          );

        process.kill(target.pid, signal);
        const { portOpen, left } = await waitUntilStopped(demo.port, demo.tree);
        expect(portOpen, `port ${demo.port} still open:\n${demo.output()}`).toBe(false);
        expect(left, demo.output()).toEqual([]);
      } finally {
        for (const p of stillRunning(demo.tree.map((t) => t.pid))) process.kill(p.pid, "SIGKILL");
      }
    },
  );
});
