// A plugin's integration-test set-up in one call: a real httpbin started here, and the plugin's
// own envoy.yaml in the gateway, its `httpbin` cluster pointed at that httpbin and every .wasm
// file it names replaced by the plugin's release build, on the flavor its package.json names.
// With GATEWAY_URL set the tests talk to that gateway instead (gatewayUnderTest), unchanged.
//
//   const gw = await pluginGateway(fileURLToPath(new URL("../../", import.meta.url)));
//   const res = await fetch(`${gw.url}/get`);
//   await gw.stop();
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HttpbinServer, startHttpbin } from "./httpbin.js";
import { readPluginPackage } from "../testkit/plugin-package.js";
import { type GatewayOptions, GatewayStartError, startGateway } from "../gateway/gateway.js";
import { type GatewayUnderTest, gatewayUnderTest } from "../gateway/gateway-under-test.js";

export interface PluginGatewayOptions {
  /** Another envoy.yaml than the plugin's own. */
  envoyYaml?: string;
  /**
   * A plugin configuration in place of the one envoy.yaml ships (its one `value: |` JSON block),
   * as the seed's verification does by hand; the rest of envoy.yaml stays as shipped. Implies `local`.
   */
  configuration?: object;
  /** Clusters besides httpbin: name -> "HOST:PORT" of a server the test started. */
  clusters?: Record<string, string>;
  concurrency?: number;
  logLevel?: GatewayOptions["logLevel"];
  /** Start the gateway here even when GATEWAY_URL is set: for tests that steer a server they started. */
  local?: boolean;
}

export interface PluginGateway extends GatewayUnderTest {
  /** The httpbin started here (also when the gateway is external, for requests made to it directly). */
  httpbin: HttpbinServer;
  /** Log lines the gateway printed (none for an external gateway). */
  logs: string[];
}

/** The file names of every .wasm the envoy.yaml loads (vm_config.code.local.filename). */
function wasmFileNames(envoyYaml: string): string[] {
  return [...readFileSync(envoyYaml, "utf8").matchAll(/^\s*filename:\s*["']?([^"'\s#]+\.wasm)/gm)].map((m) => m[1]);
}

// `value: |` followed by the JSON object, its braces at the block's indentation.
const CONFIGURATION_BLOCK = /(value: \|\n)( +)\{\n[\s\S]*?\n\2\}\n/g;

/** A copy of `envoyYaml` (in a new temporary folder) with `configuration` as its plugin configuration. */
export function envoyYamlWithConfiguration(envoyYaml: string, configuration: object): { path: string; remove(): void } {
  const original = readFileSync(envoyYaml, "utf8");
  const blocks = original.match(CONFIGURATION_BLOCK) ?? [];
  if (blocks.length !== 1)
    throw new Error(`${envoyYaml} should have one plugin configuration block (value: |), found ${blocks.length}`);
  const text = original.replace(CONFIGURATION_BLOCK, (_all, head: string, indent: string) => {
    const json = JSON.stringify(configuration, null, 2)
      .split("\n")
      .map((line) => indent + line)
      .join("\n");
    return `${head}${json}\n`;
  });
  const dir = mkdtempSync(join(tmpdir(), "gatewasm-envoy-yaml-"));
  const path = join(dir, "envoy.yaml");
  writeFileSync(path, text);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function startLocalGateway(options: GatewayOptions): Promise<GatewayUnderTest> {
  const gateway = await startGateway({ listen: "127.0.0.1:0", ...options });
  return { url: gateway.url, external: false, gateway, stop: () => gateway.stop() };
}

export async function pluginGateway(pluginDir: string, options: PluginGatewayOptions = {}): Promise<PluginGateway> {
  const plugin = readPluginPackage(pluginDir, "pluginGateway");
  const shipped = options.envoyYaml ?? join(pluginDir, "envoy.yaml");
  const copy = options.configuration ? envoyYamlWithConfiguration(shipped, options.configuration) : undefined;
  const envoyYaml = copy?.path ?? shipped;
  const wasm = Object.fromEntries(wasmFileNames(envoyYaml).map((name) => [name, plugin.wasmPath]));

  const logs: string[] = [];
  let httpbin: HttpbinServer | undefined;
  try {
    httpbin = await startHttpbin();
    // A gateway at GATEWAY_URL cannot take another configuration from a test.
    const start = options.local || options.configuration ? startLocalGateway : gatewayUnderTest;
    const gateway = await start({
      envoyYaml,
      clusters: { httpbin: httpbin.address, ...options.clusters },
      wasm,
      flavor: plugin.flavor,
      concurrency: options.concurrency,
      logLevel: options.logLevel,
      output: (line) => {
        logs.push(line);
      },
    });
    const upstream = httpbin;
    return {
      ...gateway,
      httpbin: upstream,
      logs,
      stop: async () => {
        await gateway.stop();
        await upstream.stop();
        copy?.remove();
      },
    };
  } catch (e) {
    await httpbin?.stop();
    copy?.remove();
    // The plugin's own words (a refused configuration is a log line) belong with the refusal.
    if (e instanceof GatewayStartError && logs.length > 0)
      throw new GatewayStartError(`${e.message}\n${logs.join("\n")}`);
    throw e;
  }
}
