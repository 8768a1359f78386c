// Shared helpers for SDK tests: where the compiled test plugins are, and how to start them.
import { fileURLToPath } from "node:url";
import { TestHost, type TestHostOptions } from "@gatewasm/host";

export function pluginPath(name: string): string {
  return fileURLToPath(new URL(`../../build/${name}.wasm`, import.meta.url));
}

export const request = { ":authority": "example.com", ":method": "GET", ":path": "/get", ":scheme": "http" } as const;

/** Starts a compiled test plugin with `config`. */
export function start(
  name: string,
  config?: unknown,
  options: Omit<TestHostOptions, "wasm" | "config"> = {},
): Promise<TestHost> {
  return TestHost.start({ wasm: pluginPath(name), config, ...options });
}

/** The text after `<phase> <fn> -> ` in the plugin's log lines (lib/script.ts format). */
export function results(host: TestHost, phase: string, fn: string): string[] {
  const prefix = `${phase} ${fn} -> `;
  return host
    .getLogs("info")
    .filter((l) => l.startsWith(prefix))
    .map((l) => l.slice(prefix.length));
}

export function result(host: TestHost, phase: string, fn: string): string | undefined {
  const r = results(host, phase, fn);
  return r[r.length - 1];
}
