// /server_info (admin/v3/server_info.proto ServerInfo) and the server.* stats Envoy keeps
// (server.live, server.state, server.uptime, server.concurrency), for the local gateway.
import { readFileSync } from "node:fs";
import type { StatsStore } from "../../process/stats-store.js";

function hostVersion(): string {
  try {
    // dist/gateway/admin or src/gateway/admin: the package.json is three levels up either way.
    return (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string })
      .version;
  } catch {
    return "unknown";
  }
}

const GATEWAY_VERSION = `gatewasm/${hostVersion()}/node-${process.versions.node}/RELEASE`;

export interface ServerFacts {
  startedMs: number;
  concurrency: number;
  wasmLogLevel: () => string;
  envoyYaml: string;
}

const uptime = (facts: ServerFacts) => `${Math.floor((Date.now() - facts.startedMs) / 1000)}s`;

export function serverInfo(facts: ServerFacts): Record<string, unknown> {
  return {
    version: GATEWAY_VERSION,
    state: "LIVE",
    hot_restart_version: "disabled",
    command_line_options: {
      base_id: "0",
      concurrency: facts.concurrency,
      config_path: facts.envoyYaml,
      log_level: "info",
      component_log_level: `wasm:${facts.wasmLogLevel()}`,
      mode: "Serve",
      disable_hot_restart: true,
    },
    node: { id: "", cluster: "" },
    uptime_current_epoch: uptime(facts),
    uptime_all_epochs: uptime(facts),
  };
}

/** Envoy's server gauges, brought up to date when the admin renders stats. */
export function refreshServerStats(stats: StatsStore, facts: ServerFacts): void {
  stats.stat("gauge", "server.live").value = 1n;
  // server.state: 0 is LIVE (envoy/server/instance.h ServerState).
  stats.stat("gauge", "server.state").value = 0n;
  stats.stat("gauge", "server.uptime").value = BigInt(Math.floor((Date.now() - facts.startedMs) / 1000));
  stats.stat("gauge", "server.concurrency").value = BigInt(facts.concurrency);
  stats.stat("gauge", "server.memory_allocated").value = BigInt(process.memoryUsage().heapUsed);
}
