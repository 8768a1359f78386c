// Where the mock plugin's shipped files are, and how the unit tests start its release build.
import { fileURLToPath } from "node:url";
import { TestHost } from "@gatewasm/host";

export const wasmPath = fileURLToPath(new URL("../../build/plugin.wasm", import.meta.url));
export const envoyYamlPath = fileURLToPath(new URL("../../envoy.yaml", import.meta.url));
export const pluginDir = fileURLToPath(new URL("../../", import.meta.url));

export const request = { ":authority": "example.com", ":method": "GET", ":path": "/get", ":scheme": "http" };

/** The release build in the host with `config` (an object is sent as JSON, a string as is). */
export function startMock(config?: object | string): Promise<TestHost> {
  return TestHost.start({ wasm: wasmPath, config, pluginName: "mock" });
}

/** The log lines of a configuration the plugin refuses (fails if it is accepted). */
export async function refusal(config: object | string): Promise<string[]> {
  const started = await TestHost.tryStart({ wasm: wasmPath, config, pluginName: "mock" });
  if (!started.error) throw new Error(`configuration was accepted: ${JSON.stringify(config)}`);
  return started.error.logs.map((l) => l.message);
}
