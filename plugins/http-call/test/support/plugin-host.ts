// The shipped release build in the test kit, with the configuration the tests start from.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TestHost, type TestHostOptions } from "@gatewasm/host";

export const wasmPath = fileURLToPath(new URL("../../build/plugin.wasm", import.meta.url));
export const wasm = readFileSync(wasmPath);

/** The seed's keys for a `.static` token service, as the README's first example. */
export const baseConfig = {
  serviceName: "token.static",
  requestPath: "/token",
  tokenHeader: "x-token",
};
export const TOKEN_CLUSTER = "outbound|80||token.static";

export const request = { ":authority": "api.example.com", ":method": "GET", ":path": "/get", ":scheme": "http" };

export function startPlugin(config: object, options: Partial<TestHostOptions> = {}): Promise<TestHost> {
  return TestHost.start({ wasm, config, ...options });
}

/** A header of the request as it went upstream (first value), or undefined. */
export function upstreamHeader(
  headers: readonly (readonly [string, string])[] | undefined,
  name: string,
): string | undefined {
  return headers?.find(([k]) => k === name)?.[1];
}
