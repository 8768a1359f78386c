// The page as a user gets it: `gatewasm playground --listen 127.0.0.1:PORT` (the CLI of this
// checkout, serving this package's dist/), in Debian's Chromium driven by playwright-core.
// Both are started here and stopped by their pid; Chromium gets a fresh profile each time.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freeLoopbackPort } from "@gatewasm/host";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const ROOT = fileURLToPath(new URL("../../../..", import.meta.url));
const BIN = join(ROOT, "tools/cli/bin/gatewasm.js");
const CHROMIUM = "/usr/bin/chromium";

/** Chromium's flags for a machine with no network beyond loopback and no GPU (as root, so no sandbox). */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface Served {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the CLI's playground server and resolves once it prints its address. */
export async function servePlayground(): Promise<Served> {
  const port = await freeLoopbackPort();
  const child = spawn(process.execPath, [BIN, "playground", "--listen", `127.0.0.1:${port}`], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      stdout += d;
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`gatewasm playground exited ${code} before listening: ${stderr}`)));
  });
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      process.kill(child.pid!, "SIGTERM");
      await exited;
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "gatewasm-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
