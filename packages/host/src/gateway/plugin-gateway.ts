// A plugin's integration-test set-up in one call: a real httpbin started here, and the plugin's
// own envoy.yaml in the gateway, its `httpbin` cluster pointed at that httpbin and every .wasm
// file it names replaced by the plugin's release build, on the flavor its package.json names.
// With GATEWAY_URL set the tests talk to that gateway instead (gatewayUnderTest), unchanged.
//
//   const gw = await pluginGateway(fileURLToPath(new URL("../../", import.meta.url)));
//   const res = await fetch(`${gw.url}/get`);
//   await gw.stop();
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Flavor } from "../loader/host-function-table.js";
import { type HttpbinServer, startHttpbin } from "../servers/httpbin.js";
import { type GatewayOptions, startGateway } from "./gateway.js";
import { type GatewayUnderTest, gatewayUnderTest } from "./gateway-under-test.js";

export interface PluginGatewayOptions {
  /** Another envoy.yaml than the plugin's own (e.g. a copy with another plugin configuration). */
  envoyYaml?: string;
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

interface PluginManifest {
  exports?: Record<string, unknown>;
  gatewasm?: { flavor?: Flavor };
}

/** The file names of every .wasm the envoy.yaml loads (vm_config.code.local.filename). */
function wasmFileNames(envoyYaml: string): string[] {
  return [...readFileSync(envoyYaml, "utf8").matchAll(/^\s*filename:\s*["']?([^"'\s#]+\.wasm)/gm)].map((m) => m[1]);
}

async function startLocalGateway(options: GatewayOptions): Promise<GatewayUnderTest> {
  const gateway = await startGateway({ listen: "127.0.0.1:0", ...options });
  return { url: gateway.url, external: false, gateway, stop: () => gateway.stop() };
}

export async function pluginGateway(pluginDir: string, options: PluginGatewayOptions = {}): Promise<PluginGateway> {
  const manifestPath = join(pluginDir, "package.json");
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: pluginGateway takes a plugin's folder`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as PluginManifest;
  const exported = manifest.exports?.["./plugin.wasm"];
  const wasmPath = join(pluginDir, typeof exported === "string" ? exported : "build/plugin.wasm");
  const envoyYaml = options.envoyYaml ?? join(pluginDir, "envoy.yaml");
  const wasm = Object.fromEntries(wasmFileNames(envoyYaml).map((name) => [name, wasmPath]));

  const logs: string[] = [];
  const httpbin = await startHttpbin();
  try {
    const start = options.local ? startLocalGateway : gatewayUnderTest;
    const gateway = await start({
      envoyYaml,
      clusters: { httpbin: httpbin.address, ...options.clusters },
      wasm,
      flavor: manifest.gatewasm?.flavor ?? "envoy",
      concurrency: options.concurrency,
      logLevel: options.logLevel,
      output: (line) => {
        logs.push(line);
      },
    });
    return {
      ...gateway,
      httpbin,
      logs,
      stop: async () => {
        await gateway.stop();
        await httpbin.stop();
      },
    };
  } catch (e) {
    await httpbin.stop();
    throw e;
  }
}
