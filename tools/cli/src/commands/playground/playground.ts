// `gatewasm playground`: serves the playground page (tools/playground) on loopback. The page
// compiles and runs plugins by itself; this is only its web server. Prints
// "listening on http://HOST:PORT" once ready and stops cleanly on SIGTERM / SIGINT.
import type { AddressInfo } from "node:net";
import { parseVerbArgs, usageError } from "../../args.js";
import { pageDir, PageNotFound } from "./page-files.js";
import { staticServer } from "./static-server.js";

export const PLAYGROUND_USAGE = `usage: gatewasm playground [--listen HOST:PORT] [--dir DIR]

Serves the plugin playground: a page that compiles a sample (or your edit of it) with
AssemblyScript and runs it on a request in the gatewasm host engine, all in the browser.

  --listen   address to serve on (default 127.0.0.1:4173; port 0 picks a free one)
  --dir      serve this built page instead of the @gatewasm/playground package's`;

const DEFAULT_LISTEN = "127.0.0.1:4173";

function parseListen(value: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d+)$/.exec(value);
  if (!m) throw new Error(`--listen ${value}: expected HOST:PORT, e.g. 127.0.0.1:4173`);
  const port = Number(m[2]);
  if (port > 65535) throw new Error(`--listen ${value}: port ${port} is above 65535`);
  return { host: m[1].replace(/^\[|\]$/g, ""), port };
}

export async function playgroundCommand(argv: string[]): Promise<number> {
  const args = parseVerbArgs("playground", PLAYGROUND_USAGE, argv, {
    listen: { type: "string" },
    dir: { type: "string" },
  });
  if (typeof args === "number") return args;
  if (args.positionals.length > 0)
    return usageError("playground", PLAYGROUND_USAGE, `unexpected argument "${args.positionals[0]}"`);
  let listen: { host: string; port: number };
  let dir: string;
  try {
    listen = parseListen((args.values.listen as string | undefined) ?? DEFAULT_LISTEN);
    dir = pageDir(args.values.dir as string | undefined);
  } catch (e) {
    if (e instanceof PageNotFound) {
      process.stderr.write(`gatewasm playground: ${e.message}\n`);
      return 1;
    }
    return usageError("playground", PLAYGROUND_USAGE, (e as Error).message);
  }
  const server = staticServer(dir);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(listen.port, listen.host, () => resolve());
    });
  } catch (e) {
    process.stderr.write(
      `gatewasm playground: cannot listen on ${listen.host}:${listen.port}: ${(e as Error).message}\n`,
    );
    return 1;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  process.stdout.write(`listening on http://${host}:${address.port}\n`);

  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`gatewasm playground: ${signal}, stopping\n`);
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      server.close(() => resolve(0));
      server.closeAllConnections();
    };
    const onTerm = () => stop("SIGTERM");
    const onInt = () => stop("SIGINT");
    process.on("SIGTERM", onTerm);
    process.on("SIGINT", onInt);
  });
}
