// redis-server for integration tests: loopback only, no persistence, optional password.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChildServer, type RunningServer } from "./child-server.js";

export interface RedisServer extends RunningServer {
  /** redis://[:password@]127.0.0.1:port */
  url: string;
}

/**
 * `port` restarts a server on the port a stopped one had (a gateway's clusters point there):
 *
 *   const again = await startRedisServer({ port: redis.port });
 */
export async function startRedisServer(options: { password?: string; port?: number } = {}): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "gatewasm-redis-"));
  const server = await startChildServer({
    name: "redis-server",
    command: "redis-server",
    port: options.port,
    args: (port) => [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
      ...(options.password ? ["--requirepass", options.password] : []),
    ],
  });
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : "";
  return {
    ...server,
    url: `redis://${auth}${server.address}`,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
