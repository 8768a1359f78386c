// Envoy's admin interface (server/admin/admin.cc) for the local gateway: /ready, /stats,
// /stats/prometheus, /clusters, /config_dump, /logging, /server_info and the index at /.
// As in Envoy, an endpoint that changes the server (/logging) takes POST only, an unknown
// path is 404 with the list of endpoints, and nothing a request sends can stop the gateway.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ClusterSpec } from "../../clusters/upstream-clusters.js";
import type { StatsStore } from "../../process/stats-store.js";
import type { StreamStats } from "../stats/stream-stats.js";
import { renderClusters } from "./clusters-text.js";
import type { LoggingLevels } from "./logging-levels.js";
import { renderPrometheus } from "./prometheus.js";
import { renderStatsJson, renderStatsText } from "./stats-text.js";

export interface AdminContext {
  stats: StatsStore;
  streamStats: StreamStats;
  clusters: () => readonly ClusterSpec[];
  logging: LoggingLevels;
  /** The envoy.yaml as read (the parsed document). */
  bootstrap: () => unknown;
  serverInfo: () => Record<string, unknown>;
  /** Stats the admin computes when asked (server.uptime, server.live...). */
  refreshServerStats: () => void;
  /** Runs before each request is answered (worker threads: the main thread gathers the workers' stats). */
  beforeRequest?: () => Promise<void>;
}

interface Endpoint {
  help: string;
  mutates?: boolean;
  handle: (query: URLSearchParams) => { status?: number; type?: string; body: string };
}

function filterOf(query: URLSearchParams): RegExp | null | string {
  const f = query.get("filter");
  if (f === null || f === "") return null;
  try {
    return new RegExp(f);
  } catch (e) {
    return `Invalid re2 regex: ${(e as Error).message}`;
  }
}

const TEXT = "text/plain; charset=UTF-8";
const JSON_TYPE = "application/json";

function endpoints(ctx: AdminContext): Record<string, Endpoint> {
  const stats = (query: URLSearchParams, format: string | null) => {
    const filter = filterOf(query);
    if (typeof filter === "string") return { status: 400, type: TEXT, body: `${filter}\n` };
    ctx.refreshServerStats();
    const all = ctx.stats.all();
    if (format === "prometheus")
      return { type: "text/plain; version=0.0.4; charset=UTF-8", body: renderPrometheus(all, filter) };
    if (format === "json") return { type: JSON_TYPE, body: renderStatsJson(all, filter) };
    if (format !== null && format !== "text")
      return { status: 400, type: TEXT, body: `usage: /stats?format=(json|prometheus|text)\n` };
    return { type: TEXT, body: renderStatsText(all, filter) };
  };
  return {
    "/ready": {
      help: "print server state, return 200 if LIVE, otherwise return 503",
      handle: () => ({ type: TEXT, body: "LIVE\n" }),
    },
    "/stats": { help: "print server stats", handle: (q) => stats(q, q.get("format")) },
    "/stats/prometheus": { help: "print server stats in prometheus format", handle: (q) => stats(q, "prometheus") },
    "/clusters": {
      help: "upstream cluster status",
      handle: (q) =>
        q.get("format") === "json"
          ? {
              type: JSON_TYPE,
              body: `${JSON.stringify({ cluster_statuses: ctx.clusters().map((c) => ({ name: c.name, added_via_api: false, host_statuses: c.endpoints.map((e) => ({ address: { socket_address: { address: e.host, port_value: e.port } }, health_status: { eds_health_status: "HEALTHY" }, weight: 1 })) })) }, null, 2)}\n`,
            }
          : { type: TEXT, body: renderClusters(ctx.clusters(), ctx.streamStats.hosts) },
    },
    "/config_dump": {
      help: "dump current Envoy configs",
      handle: () => ({ type: JSON_TYPE, body: `${JSON.stringify(configDump(ctx.bootstrap()), null, 2)}\n` }),
    },
    "/logging": {
      help: "query/change logging levels",
      mutates: true,
      handle: (q) => {
        const problem = ctx.logging.apply(q);
        if (problem) return { status: 400, type: TEXT, body: `${problem}\n` };
        return { type: TEXT, body: ctx.logging.render() };
      },
    },
    "/server_info": {
      help: "print server version/status information",
      handle: () => ({ type: JSON_TYPE, body: `${JSON.stringify(ctx.serverInfo(), null, 2)}\n` }),
    },
  };
}

/** BootstrapConfigDump plus the static listeners and clusters, as Envoy's /config_dump lists them. */
function configDump(bootstrap: unknown): unknown {
  const doc = (bootstrap ?? {}) as { static_resources?: { listeners?: unknown[]; clusters?: unknown[] } };
  const now = new Date().toISOString();
  return {
    configs: [
      { "@type": "type.googleapis.com/envoy.admin.v3.BootstrapConfigDump", bootstrap: doc, last_updated: now },
      {
        "@type": "type.googleapis.com/envoy.admin.v3.ClustersConfigDump",
        static_clusters: (doc.static_resources?.clusters ?? []).map((c) => ({
          cluster: { "@type": "type.googleapis.com/envoy.config.cluster.v3.Cluster", ...(c as object) },
          last_updated: now,
        })),
      },
      {
        "@type": "type.googleapis.com/envoy.admin.v3.ListenersConfigDump",
        static_listeners: (doc.static_resources?.listeners ?? []).map((l) => ({
          listener: { "@type": "type.googleapis.com/envoy.config.listener.v3.Listener", ...(l as object) },
          last_updated: now,
        })),
      },
    ],
  };
}

function index(table: Record<string, Endpoint>): string {
  return `admin commands are:\n  /: print this list\n${Object.entries(table)
    .map(([path, e]) => `  ${path}: ${e.help}\n`)
    .join("")}`;
}

export class AdminServer {
  private readonly server: Server;
  private readonly table: Record<string, Endpoint>;
  url = "";

  constructor(
    ctx: AdminContext,
    private readonly onError: (message: string) => void,
  ) {
    this.table = endpoints(ctx);
    this.server = createServer((req, res) => {
      if (!ctx.beforeRequest) return this.serve(req, res);
      ctx.beforeRequest().then(
        () => this.serve(req, res),
        (e: unknown) => {
          this.onError(`admin ${req.url}: ${(e as Error)?.stack ?? String(e)}`);
          res.writeHead(500, { "content-type": TEXT });
          res.end();
        },
      );
    });
    this.server.on("clientError", (_e, socket) => socket.destroy());
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    try {
      const url = new URL(req.url ?? "/", "http://admin");
      const send = (status: number, type: string, body: string) => {
        res.writeHead(status, {
          "content-type": type,
          "cache-control": "no-cache, max-age=0",
          "x-content-type-options": "nosniff",
        });
        res.end(body);
      };
      if (url.pathname === "/" || url.pathname === "/help") return send(200, TEXT, index(this.table));
      const endpoint = this.table[url.pathname];
      if (!endpoint) return send(404, TEXT, `invalid path. ${index(this.table)}`);
      if (endpoint.mutates && req.method !== "POST")
        return send(405, TEXT, `Method ${req.method} not allowed, POST required.`);
      const out = endpoint.handle(url.searchParams);
      send(out.status ?? 200, out.type ?? TEXT, out.body);
    } catch (e) {
      this.onError(`admin ${req.url}: ${(e as Error).stack ?? String(e)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": TEXT });
      res.end();
    }
  }

  async listen(host: string, port: number): Promise<string> {
    await new Promise<void>((ok, fail) => {
      this.server.once("error", fail);
      this.server.listen(port, host, () => {
        this.server.off("error", fail);
        ok();
      });
    });
    const bound = (this.server.address() as { port: number }).port;
    this.url = `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
    return this.url;
  }

  close(): Promise<void> {
    return new Promise((done) => {
      this.server.close(() => done());
      this.server.closeAllConnections();
    });
  }
}
