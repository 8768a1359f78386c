// A real token service for integration tests: a Node HTTP server on a random loopback port
// that answers like httpbin's /response-headers (200, with every query parameter as a response
// header), so the plugin's envoy.yaml works unchanged against it and against httpbin in
// docker-compose. The test switches what it does: answer, fail with 503, or hang.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

type TokenServerMode = "answer" | "503" | "hang";

export interface TokenServer {
  /** "127.0.0.1:PORT", for a cluster override. */
  address: string;
  mode: TokenServerMode;
  /** Every request it received: path and headers. */
  requests: { path: string; headers: IncomingHttpHeaders }[];
  stop(): Promise<void>;
}

export async function startTokenServer(): Promise<TokenServer> {
  const server = createServer((req, res) => {
    state.requests.push({ path: req.url ?? "", headers: req.headers });
    if (state.mode === "hang") return; // no answer until the server stops
    if (state.mode === "503") {
      res.writeHead(503, { "content-type": "text/plain" }).end("token service unavailable");
      return;
    }
    const query = new URL(req.url ?? "/", "http://token").searchParams;
    const headers: Record<string, string> = { "content-type": "application/json" };
    for (const [k, v] of query) headers[k] = v;
    res.writeHead(200, headers).end(JSON.stringify(Object.fromEntries(query)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const state: TokenServer = {
    address: `127.0.0.1:${port}`,
    mode: "answer",
    requests: [],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // hung requests included
        server.close(() => resolve());
      }),
  };
  return state;
}
