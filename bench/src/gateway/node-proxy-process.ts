#!/usr/bin/env node
// The baseline the gateway is compared with: the plainest reverse proxy Node's http module
// makes (a keep-alive pool to the upstream, the request and the response piped through), in a
// process of its own. `node node-proxy-process.js HOST:PORT`; prints {"url": ...} once listening.
import { Agent, createServer, request } from "node:http";

const [host, port] = (process.argv[2] ?? "").split(":");
const agent = new Agent({ keepAlive: true });
const server = createServer((req, res) => {
  const up = request(
    { host, port: Number(port), method: req.method, path: req.url, headers: req.headers, agent },
    (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    },
  );
  up.on("error", () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(up);
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })}\n`,
  );
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
