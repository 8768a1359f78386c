// What a load benchmark runs against: the echo upstream in its own process, a redis-server
// when a plugin needs one, and gateways started with the repository's own `gatewasm run`
// (a user's command line), each on a free loopback port.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startRedisServer, type RedisServer } from "@gatewasm/host";
import { OUT, REPO } from "../paths.js";
import { startNode, type Child } from "./child.js";
import { REDIS_CLUSTER, UPSTREAM_CLUSTER, WASM_FILE, envoyYaml, type WasmFilter } from "./envoy-yaml.js";

const CLI = join(REPO, "tools", "cli", "bin", "gatewasm.js");
const ECHO = fileURLToPath(new URL("./echo-process.js", import.meta.url));

export interface Upstreams {
  echo: string;
  /** The echo process (its CPU is the "upstream direct" row's). */
  echoPid?: number;
  redis: RedisServer | null;
  stop(): Promise<void>;
}

export async function startUpstreams(withRedis: boolean): Promise<Upstreams> {
  const { child, match } = await startNode([ECHO], /\{"address":"([^"]+)"\}/);
  let redis: RedisServer | null = null;
  try {
    if (withRedis) redis = await startRedisServer();
  } catch (e) {
    await child.stop();
    throw e;
  }
  return {
    echo: match[1],
    echoPid: child.pid,
    redis,
    stop: async () => {
      await child.stop();
      await redis?.stop();
    },
  };
}

export interface Gateway {
  url: string;
  child: Child;
}

const NODE_PROXY = fileURLToPath(new URL("./node-proxy-process.js", import.meta.url));

/** The plain Node reverse proxy (the baseline) in front of the echo upstream. */
export async function startNodeProxy(upstreams: Upstreams): Promise<Gateway> {
  const { child, match } = await startNode([NODE_PROXY, upstreams.echo], /\{"url":"([^"]+)"\}/);
  return { url: match[1], child };
}

/**
 * `gatewasm run` on a generated envoy.yaml; `wasm` is the plugin's build when there is a filter.
 * With `profileDir`, node writes a CPU profile there when the gateway stops; `onLogLine` sees each
 * line of its log (stderr).
 */
export async function startGateway(
  label: string,
  filter: WasmFilter | null,
  wasm: string | null,
  upstreams: Upstreams,
  concurrency = 1,
  profileDir?: string,
  onLogLine?: (line: string) => void,
): Promise<Gateway> {
  const dir = join(OUT, "gateway");
  mkdirSync(dir, { recursive: true });
  const yaml = join(dir, `${label}.yaml`);
  writeFileSync(yaml, envoyYaml(filter));
  const profile = profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  const args = [
    ...profile,
    CLI,
    "run",
    yaml,
    "--listen",
    "127.0.0.1:0",
    "--cluster",
    `${UPSTREAM_CLUSTER}=${upstreams.echo}`,
    "--concurrency",
    String(concurrency),
  ];
  if (filter && wasm) args.push("--wasm", `${WASM_FILE}=${wasm}`, "--flavor", filter.flavor);
  if (upstreams.redis) args.push("--cluster", `${REDIS_CLUSTER}=${upstreams.redis.address}`);
  const { child, match } = await startNode(args, /listening on (http:\/\/\S+)/, undefined, onLogLine);
  return { url: match[1], child };
}
