// An HTTP proxy in front of httpbin that counts the requests reaching it: how the integration
// tests prove that a mock reply never reached the upstream (httpbin itself keeps no record).
import { createServer, request as forward, type Server } from "node:http";

export interface CountingProxy {
  /** "127.0.0.1:port", for a gateway cluster. */
  address: string;
  /** Paths of the requests that went through, oldest first. */
  seen: string[];
  stop(): Promise<void>;
}

export async function startCountingProxy(upstream: { port: number }): Promise<CountingProxy> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.url ?? "");
    const out = forward(
      // rawHeaders: repeated headers stay separate lines, as the gateway sent them.
      { host: "127.0.0.1", port: upstream.port, method: req.method, path: req.url, headers: req.rawHeaders },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    seen,
    stop: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
