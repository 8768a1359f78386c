// The envoy.yaml as the gateway reads it: parsed and checked, with the command line's cluster
// overrides applied. Both the in-process gateway and the worker threads' main thread read it.
import { readFileSync } from "node:fs";
import { parseEndpoint } from "../clusters/endpoint.js";
import { ConfigError } from "./config-reader.js";
import type { GatewayConfig } from "./config-model.js";
import { GatewayStartError } from "./gateway-start-error.js";
import { parseEnvoyYaml } from "./parse-envoy-yaml.js";

export interface ReadConfigOptions {
  envoyYaml: string;
  clusters?: Record<string, string>;
}

function applyClusterOverrides(
  config: GatewayConfig,
  overrides: Record<string, string>,
  warn: (m: string) => void,
): void {
  for (const [name, address] of Object.entries(overrides)) {
    const endpoint = parseEndpoint(address);
    const cluster = config.clusters.find((c) => c.name === name);
    if (cluster) cluster.endpoints = [endpoint];
    else {
      config.clusters.push({ name, endpoints: [endpoint] });
      warn(`cluster ${name} is not in the envoy.yaml; added with endpoint ${address}`);
    }
  }
}

/** The envoy.yaml with the command line's cluster overrides applied, and its warnings. */
export function readConfig(
  options: ReadConfigOptions,
  yamlPath: string,
): { config: GatewayConfig; warnings: string[] } {
  let config: GatewayConfig;
  try {
    config = parseEnvoyYaml(readFileSync(yamlPath, "utf8"), options.envoyYaml, Object.keys(options.clusters ?? {}));
  } catch (e) {
    if (e instanceof ConfigError) throw new GatewayStartError(e.message);
    throw new GatewayStartError(`cannot read ${options.envoyYaml}: ${(e as Error).message}`);
  }
  const warnings = [...config.warnings];
  applyClusterOverrides(config, options.clusters ?? {}, (m) => warnings.push(m));
  return { config, warnings };
}
