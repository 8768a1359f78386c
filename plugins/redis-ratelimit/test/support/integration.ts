// What the integration tests share: the plugin's own envoy.yaml in the gateway (Higress flavor)
// in front of a real httpbin, with a real redis-server on a random loopback port; or, with
// GATEWAY_URL (and REDIS_URL) set, a gateway already running (docker-compose.yaml).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type PluginGateway, pluginGateway, type RedisServer, startRedisServer } from "@gatewasm/host";

const run = promisify(execFile);
const pluginDir = fileURLToPath(new URL("../../", import.meta.url));

/** The cluster name envoy.yaml gives Redis: what serviceName/servicePort resolve to. */
const REDIS_CLUSTER = "outbound|6379||redis.static";

/**
 * Every client request has a deadline, so a stuck gateway fails the test instead of hanging it;
 * generous, since a loaded machine answers slowly (the plugin's own Redis timeout is 1 s).
 */
const REQUEST_DEADLINE_MS = 60_000;

export interface Stack {
  gateway: PluginGateway;
  /** redis://127.0.0.1:port of the Redis the gateway counts in. */
  redisUrl: string;
  /** The local redis-server (null for an external gateway); a test that restarts it puts the new one here. */
  redis: RedisServer | null;
  /** Plugin log lines the gateway printed (empty for an external gateway). */
  logs: string[];
  stop(): Promise<void>;
}

/** `redisPassword` starts Redis with requirepass (envoy.yaml configures no password). */
export async function startStack(concurrency: number, redisPassword?: string): Promise<Stack> {
  if (process.env.GATEWAY_URL && !process.env.REDIS_URL)
    throw new Error(
      "GATEWAY_URL is set: also set REDIS_URL to the Redis that gateway uses (redis://127.0.0.1:16379 with docker-compose.yaml)",
    );
  const external = process.env.GATEWAY_URL ? process.env.REDIS_URL : undefined;
  const redis = external ? null : await startRedisServer({ password: redisPassword });
  try {
    const gateway = await pluginGateway(pluginDir, {
      clusters: redis ? { [REDIS_CLUSTER]: redis.address } : {},
      concurrency,
    });
    const stack: Stack = {
      gateway,
      redisUrl: external ?? redis!.url,
      redis,
      logs: gateway.logs,
      // `stack.redis` as it is then: a test may have replaced it with a restarted server.
      stop: async () => {
        await gateway.stop();
        await stack.redis?.stop();
      },
    };
    return stack;
  } catch (e) {
    await redis?.stop();
    throw e;
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_DEADLINE_MS) });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** One Redis command through redis-cli (installed with redis-server); the reply's lines. */
export async function redisCli(redisUrl: string, ...args: string[]): Promise<string[]> {
  const { stdout } = await run("redis-cli", ["-u", redisUrl, "--no-auth-warning", ...args], { timeout: 60_000 });
  return stdout.split("\n").filter((l) => l.length > 0);
}

/** Redis's clock in seconds: the plugin's windows come from it. */
export async function redisNow(redisUrl: string): Promise<number> {
  const [seconds, micros] = await redisCli(redisUrl, "TIME");
  return Number(seconds) + Number(micros) / 1e6;
}

/**
 * Waits until the current window (of `windowSeconds`, by Redis's clock) has at least
 * `neededSeconds` left, so a burst that starts now cannot straddle a window boundary. The clock
 * is real: a test may wait up to neededSeconds.
 */
export async function waitForWindowRoom(redisUrl: string, windowSeconds: number, neededSeconds: number): Promise<void> {
  const now = await redisNow(redisUrl);
  const left = windowSeconds - (now % windowSeconds);
  if (left >= neededSeconds) return;
  // Into the next window, a little past its start.
  await new Promise((r) => setTimeout(r, (left + 0.2) * 1000));
}

/** Seconds left in the current window by Redis's clock. */
export async function windowLeft(redisUrl: string, windowSeconds: number): Promise<number> {
  const now = await redisNow(redisUrl);
  return windowSeconds - (now % windowSeconds);
}

/**
 * What the rate limiter did with a request, from its answer: counted and admitted (window
 * headers, not 429), counted and rejected (429), or let through uncounted (no window headers):
 * with the seed's fail-open policy, what a Redis reply later than the plugin's `timeout` (1 s)
 * gives, which a loaded machine can cause. The test counts these apart and matches each to its
 * log line.
 */
export type Verdict = "admitted" | "rejected" | "fail-open";

export function verdict(answer: Answer): Verdict {
  if (answer.headers.get("timestamp") === null) return "fail-open";
  return answer.status === 429 ? "rejected" : "admitted";
}

export function isFailOpen(answer: Answer): boolean {
  return verdict(answer) === "fail-open";
}

/**
 * A request the limiter let through went on to httpbin: its JSON, or, when a loaded machine kept
 * the gateway from reaching httpbin in time, the gateway's own 5xx with Envoy's router text
 * ("upstream connect error …", "upstream request timeout"). Either way not the limiter's doing.
 */
export function passedOn(answer: Answer): "httpbin" | "upstream failure" | "unexpected" {
  if (answer.status === 200)
    return /\/get$/.test((JSON.parse(answer.body) as { url: string }).url) ? "httpbin" : "unexpected";
  return answer.status >= 502 && answer.status <= 504 && answer.body.startsWith("upstream ")
    ? "upstream failure"
    : "unexpected";
}

/** The plugin's log lines for requests let through because Redis did not answer in time. */
export function failOpenTimeoutLines(lines: string[]): string[] {
  return lines.filter((l) => l.includes("redis timeout") && l.endsWith("request allowed (failurePolicy fail-open)"));
}

/**
 * The count Redis holds for `key` ({n, w}: requests counted, window start), once it has
 * reached `expected`: a request the plugin stopped waiting for is still counted when Redis
 * gets to it (the host does not take a sent command back), so this waits, with a generous cap,
 * for Redis to have run every command the gateway sent, then answers what Redis holds.
 */
export async function redisCountOnce(
  redisUrl: string,
  key: string,
  expected: number,
): Promise<{ n: number; w: number }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [n, w] = (await redisCli(redisUrl, "HMGET", key, "n", "w")).map(Number);
    if (n >= expected || Date.now() > deadline) return { n, w };
    await new Promise((r) => setTimeout(r, 100));
  }
}
