// An embedded upstream that answers like httpbin's /get and /anything (JSON with args,
// headers in httpbin's Title-Case, origin, url; /anything adds method, data, json), plus
// /status/N and /delay/SECONDS, for tests that do not need the real httpbin.
import { createServer, type IncomingMessage, type Server } from "node:http";

export interface EchoUpstream {
  url: string;
  /** "127.0.0.1:port". */
  address: string;
  port: number;
  /** This process (the server runs in it). */
  pid: number;
  /** Requests received, oldest first. */
  requests: { method: string; path: string; headers: Record<string, string>; body: Buffer }[];
  stop(): Promise<void>;
}

/** httpbin prints header names Title-Case (werkzeug's EnvironHeaders). */
function titleCase(name: string): string {
  return name
    .split("-")
    .map((p) => (p ? p[0].toUpperCase() + p.slice(1) : p))
    .join("-");
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

export async function startEchoUpstream(): Promise<EchoUpstream> {
  const requests: EchoUpstream["requests"] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    let url: URL;
    try {
      url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    } catch {
      // A Host (or target) WHATWG URLs refuse, e.g. "[bad", which Envoy forwards: a 400, not a crash.
      res.writeHead(400, { "content-type": "text/plain", "content-length": "11" });
      res.end("bad request");
      return;
    }
    const headers: Record<string, string> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers[titleCase(req.rawHeaders[i].toLowerCase())] = req.rawHeaders[i + 1];
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers, body });
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (status) {
      res.writeHead(Number(status[1]), { "content-type": "text/html; charset=utf-8", "content-length": "0" });
      res.end();
      return;
    }
    const delay = /^\/delay\/(\d+(?:\.\d+)?)$/.exec(url.pathname);
    if (delay) await new Promise((r) => setTimeout(r, Math.min(Number(delay[1]), 10) * 1000));
    if (!(url.pathname === "/get" || url.pathname.startsWith("/anything") || delay)) {
      res.writeHead(404, { "content-type": "text/plain", "content-length": "9" });
      res.end("not found");
      return;
    }
    const args: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) args[k] = k in args ? ([] as string[]).concat(args[k], v) : v;
    const out: Record<string, unknown> = {
      args,
      headers,
      origin: req.socket.remoteAddress?.replace(/^::ffff:/, ""),
      url: url.toString(),
    };
    if (url.pathname.startsWith("/anything")) {
      const text = body.toString("utf8");
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      Object.assign(out, { method: req.method, data: text, json });
    }
    const payload = Buffer.from(`${JSON.stringify(out, null, 2)}\n`);
    res.writeHead(200, { "content-type": "application/json", "content-length": String(payload.length) });
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    port,
    pid: process.pid,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
