// The plugin's own envoy.yaml in the local gateway, with its clusters pointed at the servers a
// test started (the docker-compose host names `httpbin` and `token` do not resolve here).
import { fileURLToPath } from "node:url";
import { startGateway, type GatewayOptions } from "@gatewasm/host";
import { wasmPath } from "./plugin-host.ts";

const envoyYaml = fileURLToPath(new URL("../../envoy.yaml", import.meta.url));
/** The cluster name envoy.yaml gives the token service (what `serviceName: token.static` resolves to). */
const TOKEN_CLUSTER = "outbound|80||token.static";
/** The `timeout` in envoy.yaml's plugin configuration. */
export const CONFIGURED_TIMEOUT_MS = 500;

export function gatewayOptions(httpbin: string, token: string, logs: string[]): GatewayOptions {
  return {
    envoyYaml,
    clusters: { httpbin, [TOKEN_CLUSTER]: token },
    wasm: { "/etc/envoy/main.wasm": wasmPath },
    output: (line) => void logs.push(line),
  };
}

export { startGateway };
