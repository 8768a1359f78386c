// httpbin for integration tests: Debian's python3-httpbin under /usr/bin/gunicorn (not the
// pyenv python on PATH, which cannot import httpbin), gthread workers so /delay does not block.
import { startChildServer, type RunningServer } from "./child-server.js";

export interface HttpbinServer extends RunningServer {
  url: string;
}

export async function startHttpbin(): Promise<HttpbinServer> {
  const server = await startChildServer({
    name: "httpbin",
    command: "/usr/bin/gunicorn",
    args: (port) => ["-b", `127.0.0.1:${port}`, "-w", "2", "-k", "gthread", "--threads", "8", "httpbin:app"],
    ready: async (port) => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/status/200`)).status === 200;
      } catch {
        return false;
      }
    },
  });
  return { ...server, url: `http://${server.address}` };
}
