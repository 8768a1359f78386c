// What the unit tests share: the shipped release build, a request, a TestHost on Higress's
// flavor with Redis answered by the test, and the window script's reply.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TestHost, type PendingRedisCall, type TestHostOptions, type TestHttpStream } from "@gatewasm/host";

export const wasmPath = fileURLToPath(new URL("../../build/plugin.wasm", import.meta.url));

/** The Lua script as the plugin sends it (read from src/window-script.ts). */
export function shippedScript(): string {
  const source = readFileSync(new URL("../../src/window-script.ts", import.meta.url), "utf8");
  return JSON.parse(/WINDOW_SCRIPT =\s*("(?:[^"\\]|\\.)*")/.exec(source)![1]);
}

export const request = { ":authority": "example.com", ":method": "GET", ":path": "/get", ":scheme": "http" };

export const baseConfig = { serviceName: "redis.static", servicePort: 6379, qpm: 5 };

/** A window start (unix seconds, minute-aligned) for scripted replies. */
export const WINDOW_START = 1_700_000_040;

export function start(config: unknown = baseConfig, options: Partial<TestHostOptions> = {}): Promise<TestHost> {
  return TestHost.start({
    wasm: wasmPath,
    config,
    flavor: "higress",
    pluginName: "redis-ratelimit",
    ...options,
  } as TestHostOptions);
}

/** The window script's answer: {count, windowStart, secondsToReset}. */
export function windowReply(count: number, windowStart = WINDOW_START, reset = 42): string {
  return `*3\r\n:${count}\r\n:${windowStart}\r\n:${reset}\r\n`;
}

/** The command a Redis call sent, as strings (it fails the test if it is not an array of strings). */
export function commandOf(call: PendingRedisCall): string[] {
  const args = call.args;
  if (!Array.isArray(args) || !args.every((a) => typeof a === "string"))
    throw new Error(`not a command: ${JSON.stringify(args)}`);
  return args as string[];
}

/** Sends request headers and answers the one Redis call with `reply`. */
export function requestWithReply(
  host: TestHost,
  reply: string,
  headers: Record<string, string> = request,
): TestHttpStream {
  const http = host.initHttp();
  http.callOnHttpRequestHeaders(headers, true);
  const calls = host.getRedisCalls();
  if (calls.length !== 1) throw new Error(`expected one redis call, got ${calls.length}`);
  calls[0].reply(reply);
  return http;
}

/** The response headers as a map (names lower-cased as Envoy sends them). */
export function headerMap(pairs: readonly (readonly [string, string])[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs ?? []) out[k.toLowerCase()] = v;
  return out;
}

export function errorLogs(host: TestHost): string[] {
  return host.getLogs("error");
}
