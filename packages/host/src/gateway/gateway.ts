// The local gateway: runs the envoy.yaml a user would give Envoy (see parse-envoy-yaml.ts),
// with cluster addresses and wasm files replaceable from the command line, one VM per worker
// per wasm filter, HTTP/1.1 to real upstreams, and Envoy's log lines.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { resolve } from "node:path";
import { LOG_LEVEL_NAMES, LogLevel, type LogLevelName } from "../abi/enums.js";
import { parseEndpoint } from "../clusters/endpoint.js";
import type { UpstreamClusters } from "../clusters/upstream-clusters.js";
import type { Flavor } from "../loader/host-function-table.js";
import { EventLoopDispatcher } from "../plugin/dispatcher.js";
import { HostProcess } from "../process/host-process.js";
import type { StatsStore } from "../process/stats-store.js";
import { FilterManager } from "../stream/filter-manager.js";
import { StreamFailure } from "../stream/stream-failure.js";
import type { StreamFilter } from "../stream/filter.js";
import { parseAddress, StreamInfo } from "../context/stream-info.js";
import type { GatewayConfig, ListenerConfig, Route } from "./config-model.js";
import { NodeResponseSink, pipeRequest } from "./downstream.js";
import { BackpressuredWriter, ReadGate } from "./flow-control.js";
import {
  applyServerLimits,
  checkRequest,
  clientErrorReply,
  replyOnSocket,
  serverOptions,
  type FrontReply,
} from "./http1-front.js";
import { formatGatewayLog } from "./log-lines.js";
import { requestHeaders, requestTarget } from "./request-headers.js";
import { matchRoute } from "./route-table.js";
import { Router } from "./router.js";
import { StreamTimers } from "./stream-timers.js";
import type { WasmFilterFactory } from "./wasm-filter-factory.js";
import type { AccessLogWriter, StreamWrite } from "./access-log/access-log-writer.js";
import { GatewayStartError } from "./gateway-start-error.js";
import { Generation } from "./generation.js";
import { FileWatcher } from "./watch/file-watcher.js";
import { listenerChange } from "./watch/listener-changes.js";
import { readConfig } from "./read-config.js";
import { AdminServer } from "./admin/admin-server.js";
import { ENVOY_LEVELS, LoggingLevels } from "./admin/logging-levels.js";
import { refreshServerStats, serverInfo } from "./admin/server-info.js";
import { StreamStats } from "./stats/stream-stats.js";
import type { HeaderMap } from "../context/header-map.js";

export interface GatewayOptions {
  /** Path of the envoy.yaml (also where its relative file names are resolved from, after the cwd). */
  envoyYaml: string;
  /** "HOST:PORT" for the first listener instead of its envoy.yaml address (port 0: any free port). */
  listen?: string;
  /** Cluster addresses: name -> "HOST:PORT" (replaces the cluster's endpoints, or adds the cluster). */
  clusters?: Record<string, string>;
  /** Wasm files: the filename in envoy.yaml -> a local path. */
  wasm?: Record<string, string>;
  flavor?: Flavor;
  /** Workers, each with its own VM per wasm filter (Envoy --concurrency). Default 1. */
  concurrency?: number;
  /** Level of wasm log lines (Envoy --component-log-level wasm:LEVEL). Default info. */
  logLevel?: LogLevelName;
  /** Where log lines go. Default: standard error. */
  output?: (line: string) => void;
  /**
   * The admin interface: "HOST:PORT" (port 0: any free port), true for envoy.yaml's
   * admin.address, false or unset for none (gatewasm run serves envoy.yaml's by default).
   */
  admin?: string | boolean;
  /** Log every request in Envoy's default format to stdout when an HCM has no access_log (gatewasm run --access-log). */
  accessLog?: boolean;
  /** Where stdout and stderr access loggers write. Default: the process's streams. */
  accessLogWrite?: StreamWrite;
  /** Reload when envoy.yaml or a wasm file changes (gatewasm run --watch); see RunningGateway.reload. */
  watch?: boolean;
  /** @internal A worker thread's process-wide state (shared data and queues served by the main thread). */
  hostProcess?: HostProcess;
  /** @internal A worker thread's logging levels, which the main thread's admin changes. */
  logging?: LoggingLevels;
  /** @internal In a worker thread: the addresses the main thread listens on; connections come through accept(). */
  injectedListeners?: { host: string; port: number }[];
}

export interface RunningGateway {
  /** http://HOST:PORT of the first listener. */
  url: string;
  urls: string[];
  port: number;
  /** One line per envoy.yaml field the gateway ignored or adapted. */
  warnings: string[];
  process: HostProcess;
  /** The wasm filters, for tests: their per-worker VMs. */
  filters: WasmFilterFactory[];
  /** http://HOST:PORT of the admin interface, or null when it is not served. */
  adminUrl: string | null;
  /**
   * Reads envoy.yaml and the wasm files again and builds the new filters beside the running
   * ones (canary first). On success new streams use them and streams in flight finish on the
   * old ones; on failure the old ones keep serving. Resolves to whether the new ones took over.
   */
  reload(): Promise<boolean>;
  stop(): Promise<void>;
  /** @internal With injectedListeners: hands a connection (a socket or a Duplex standing for one) to listener i. */
  accept?(listener: number, connection: Socket): void;
}

export { GatewayStartError };

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const out = options.output ?? ((line: string) => process.stderr.write(`${line}\n`));
  const yamlPath = resolve(options.envoyYaml);
  const { config, warnings } = readConfig(options, yamlPath);
  for (const w of warnings) out(formatGatewayLog("warning", w));

  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const logging = options.logging ?? new LoggingLevels(LOG_LEVEL_NAMES.indexOf(options.logLevel ?? "info") as LogLevel);
  const hostProcess = options.hostProcess ?? new HostProcess();
  const streamStats = new StreamStats(hostProcess.stats);
  const dispatchers = Array.from({ length: concurrency }, () => new EventLoopDispatcher());
  const build = (config: GatewayConfig) =>
    Generation.build({
      config,
      envoyYaml: options.envoyYaml,
      yamlPath,
      wasmOverrides: options.wasm ?? {},
      flavor: options.flavor ?? "envoy",
      accessLogDefault: options.accessLog ?? false,
      accessLogWrite: options.accessLogWrite,
      process: hostProcess,
      logging,
      dispatchers,
      out,
    });
  let current: Generation;
  try {
    current = build(config);
  } catch (e) {
    for (const d of dispatchers) d.close();
    throw e;
  }
  const cleanup = () => {
    current.dispose();
    for (const d of dispatchers) d.close();
  };
  // The stream contexts of each generation, made once: a reload swaps them for new streams.
  const contexts = new WeakMap<Generation, StreamContext[]>();
  const contextsOf = (gen: Generation): StreamContext[] => {
    let list = contexts.get(gen);
    if (!list) {
      list = gen.config.listeners.map((listener, i) => ({
        listener,
        clusters: gen.clusters,
        factories: gen.perListener[i],
        stats: hostProcess.stats,
        streamStats,
        accessLog: gen.accessLogs[i],
        warn: (m: string) => out(formatGatewayLog("warning", m)),
        error: (m: string) => out(formatGatewayLog("error", m)),
      }));
      contexts.set(gen, list);
    }
    return list;
  };

  const servers: Server[] = [];
  const listenerNames = new WeakMap<Server, string>();
  const urls: string[] = [];
  let nextWorker = 0;
  let nextConnectionId = 1;
  let nextStreamId = 1;
  const connections = new WeakMap<Socket, { worker: number; id: number }>();
  try {
    for (const [i, listener] of config.listeners.entries()) {
      const http1 = listener.hcm.http1;
      const server = createServer(serverOptions(http1), (req, res) => {
        const conn = connections.get(req.socket) ?? { worker: 0, id: 0 };
        const stream = nextStreamId++;
        // The stream keeps the generation it started on until its response is over.
        const gen = current;
        const context = contextsOf(gen)[i];
        const leave = gen.enter();
        res.once("close", () => setImmediate(leave));
        try {
          serveStream(req, res, conn, stream, context);
        } catch (e) {
          // The per-stream guard covers the stream once it exists; this covers setting it up.
          streamSetupFailed(res, e, conn.id, stream, context);
        }
      });
      applyServerLimits(server, http1);
      server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => {
        const reply = clientErrorReply(err.code);
        const busy =
          (socket as Socket & { _httpMessage?: { headersSent: boolean } })._httpMessage?.headersSent === true;
        if (reply && !busy) replyOnSocket(socket, reply.status, reply.body, listener.hcm.serverName);
        else socket.destroy();
      });
      // CONNECT needs upgrade_configs with CONNECT in Envoy; without them it is refused with 403.
      server.on("connect", (_req: IncomingMessage, socket: Socket) =>
        replyOnSocket(socket, 403, "", listener.hcm.serverName),
      );
      server.on("connection", (socket: Socket) => {
        // Envoy hands each connection to one worker, round robin.
        connections.set(socket, { worker: nextWorker++ % concurrency, id: nextConnectionId++ });
        socket.once(
          "close",
          streamStats.connectionOpened(listener.hcm.statPrefix, listenerNames.get(server) ?? listenerStatName(server)),
        );
      });
      const injected = options.injectedListeners?.[i];
      if (injected) {
        // A worker thread: the main thread listens and forwards the connection's bytes.
        urls.push(`http://${injected.host.includes(":") ? `[${injected.host}]` : injected.host}:${injected.port}`);
        listenerNames.set(
          server,
          `${injected.host.includes(":") ? `[${injected.host}]` : injected.host}_${injected.port}`,
        );
        servers.push(server);
        continue;
      }
      const address =
        i === 0 && options.listen ? parseEndpoint(options.listen) : { host: listener.host, port: listener.port };
      await new Promise<void>((ok, fail) => {
        server.once("error", fail);
        server.listen(address.port, address.host, () => {
          server.off("error", fail);
          ok();
        });
      });
      const port = (server.address() as { port: number }).port;
      const host = address.host.includes(":") ? `[${address.host}]` : address.host;
      urls.push(`http://${host}:${port}`);
      servers.push(server);
    }
  } catch (e) {
    for (const s of servers) s.close();
    cleanup();
    throw new GatewayStartError(`cannot listen: ${(e as Error).message}`);
  }

  let admin: AdminServer | null = null;
  const adminAddress =
    options.admin === true ? config.admin : typeof options.admin === "string" ? parseEndpoint(options.admin) : null;
  // As Envoy: a bootstrap without an admin address runs without the admin interface, silently.
  if (adminAddress) {
    const startedMs = Date.now();
    const facts = {
      startedMs,
      concurrency,
      envoyYaml: options.envoyYaml,
      wasmLogLevel: () => ENVOY_LEVELS[logging.wasm],
    };
    admin = new AdminServer(
      {
        stats: hostProcess.stats,
        streamStats,
        clusters: () => current.config.clusters,
        logging,
        bootstrap: () => current.config.document,
        serverInfo: () => serverInfo(facts),
        refreshServerStats: () => refreshServerStats(hostProcess.stats, facts),
      },
      (m) => out(formatGatewayLog("error", m)),
    );
    try {
      await admin.listen(adminAddress.host, adminAddress.port);
    } catch (e) {
      for (const s of servers) s.close();
      cleanup();
      throw new GatewayStartError(
        `cannot listen for the admin interface on ${adminAddress.host}:${adminAddress.port}: ${(e as Error).message}`,
      );
    }
    out(formatGatewayLog("info", `admin address: ${admin.url}`));
  }

  let watcher: FileWatcher | null = null;
  let reloads: Promise<boolean> = Promise.resolve(true);
  let stopping = false;
  const reloadOnce = (): boolean => {
    if (stopping) return false;
    let next: Generation;
    try {
      const read = readConfig(options, yamlPath);
      const moved = listenerChange(current.config, read.config, options.listen !== undefined);
      if (moved) throw new GatewayStartError(moved);
      next = build(read.config);
      for (const w of read.warnings) out(formatGatewayLog("warning", w));
    } catch (e) {
      const why = e instanceof GatewayStartError ? e.message : ((e as Error)?.stack ?? String(e));
      out(formatGatewayLog("warning", `reload failed; the running configuration keeps serving: ${why}`));
      return false;
    }
    const old = current;
    current = next;
    out(
      formatGatewayLog(
        "info",
        `reloaded ${options.envoyYaml}: new streams run the new VMs; ${old.streamsInFlight} stream(s) in flight finish on the old ones`,
      ),
    );
    old.retire();
    watcher?.setPaths([yamlPath, ...current.wasmFiles]);
    return true;
  };
  // One reload at a time, in order: a change during a reload gets a reload of its own.
  const reload = () => (reloads = reloads.then(reloadOnce));
  if (options.watch) {
    watcher = new FileWatcher(
      () => void reload(),
      (m) => out(formatGatewayLog("warning", m)),
    );
    watcher.setPaths([yamlPath, ...current.wasmFiles]);
    out(formatGatewayLog("info", `watching ${[yamlPath, ...current.wasmFiles].join(", ")} for changes`));
  }

  let stopped: Promise<void> | null = null;
  return {
    url: urls[0],
    urls,
    port: Number(new URL(urls[0]).port),
    warnings,
    process: hostProcess,
    get filters() {
      return current.factories;
    },
    adminUrl: admin?.url ?? null,
    reload,
    accept: options.injectedListeners ? (i, connection) => servers[i].emit("connection", connection) : undefined,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        watcher?.close();
        await reloads;
        await Promise.all(
          servers.map(
            (s) =>
              new Promise<void>((done) => {
                s.close(() => done());
                s.closeAllConnections();
              }),
          ),
        );
        await admin?.close();
        cleanup();
      })()),
  };
}

interface StreamContext {
  listener: ListenerConfig;
  clusters: UpstreamClusters;
  factories: WasmFilterFactory[];
  stats: StatsStore;
  streamStats: StreamStats;
  accessLog: AccessLogWriter;
  warn: (message: string) => void;
  error: (message: string) => void;
}

function count(stats: StatsStore, name: string): void {
  stats.stat("counter", name).value++;
}

/** A stream the front end answered (no filter ran): counted and access-logged as Envoy does. */
function frontStream(
  req: IncomingMessage,
  res: ServerResponse,
  reply: FrontReply,
  ctx: StreamContext,
  headers: HeaderMap | null,
): void {
  ctx.streamStats.frontReply(ctx.listener.hcm.statPrefix, reply.status);
  frontReply(res, reply, ctx.listener.hcm.serverName);
  if (ctx.accessLog.empty) return;
  const info = streamInfoOf(req, 0);
  info.responseCode = reply.status;
  info.responseCodeDetails = reply.details;
  info.bytesSent = Buffer.byteLength(reply.body);
  ctx.accessLog.log({
    info,
    requestHeaders: headers,
    responseHeaders: null,
    responseTrailers: null,
    endNanos: nowNanos(),
    hostname: ctx.accessLog.hostname,
  });
}

const nowNanos = () => BigInt(Date.now()) * 1_000_000n;

function streamInfoOf(req: IncomingMessage, connectionId: number): StreamInfo {
  const info = new StreamInfo(nowNanos());
  info.source = parseAddress(
    `${(req.socket.remoteAddress ?? "").replace(/^::ffff:/, "")}:${req.socket.remotePort ?? 0}`,
  );
  info.destination = parseAddress(
    `${(req.socket.localAddress ?? "").replace(/^::ffff:/, "")}:${req.socket.localPort ?? 0}`,
  );
  info.connectionId = connectionId;
  info.protocol = req.httpVersion === "1.1" ? "HTTP/1.1" : "HTTP/1.0";
  return info;
}

/** Envoy names listener stats after the bound address, with the dots and colons of IPv4 kept ("listener.127.0.0.1_10000"). */
function listenerStatName(server: Server): string {
  const a = server.address() as { address: string; port: number } | null;
  return a ? `${a.address.includes(":") ? `[${a.address}]` : a.address}_${a.port}` : "unbound";
}

/** A reply from the front end, before any filter (Envoy's codec or connection manager answers). */
function frontReply(res: ServerResponse, reply: FrontReply, serverName: string): void {
  const headers: string[] = ["content-length", String(Buffer.byteLength(reply.body))];
  if (reply.body) headers.push("content-type", "text/plain");
  headers.push("server", serverName);
  if (reply.close) headers.push("connection", "close");
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

function streamSetupFailed(
  res: ServerResponse,
  error: unknown,
  connId: number,
  streamId: number,
  ctx: StreamContext,
): void {
  count(ctx.stats, `http.${ctx.listener.hcm.statPrefix}.gatewasm_stream_errors`);
  ctx.error(
    `[C${connId}][S${streamId}] stream failed before its filters ran: ${(error as Error)?.stack ?? String(error)}`,
  );
  try {
    if (!res.headersSent)
      frontReply(
        res,
        { status: 500, body: "", details: "gatewasm_stream_error", close: true },
        ctx.listener.hcm.serverName,
      );
    else res.destroy();
  } catch {
    res.destroy();
  }
}

function serveStream(
  req: IncomingMessage,
  res: ServerResponse,
  conn: { worker: number; id: number },
  streamId: number,
  ctx: StreamContext,
): void {
  const { listener, clusters } = ctx;
  const hcm = listener.hcm;
  const prefix = `http.${hcm.statPrefix}`;
  const target = requestTarget(req.url ?? "/");
  if (target === null)
    return frontStream(
      req,
      res,
      { status: 400, body: "Bad Request", details: "http1.invalid_url", close: true },
      ctx,
      null,
    );
  const headers = requestHeaders(req, hcm, target);
  const refused = checkRequest(req, hcm.http1, headers.get(":authority") ?? "");
  if (refused) {
    count(ctx.stats, `${prefix}.downstream_rq_${refused.status === 431 ? "too_large_headers" : `${refused.status}`}`);
    return frontStream(req, res, refused, ctx, headers);
  }
  const info = streamInfoOf(req, conn.id);
  ctx.streamStats.streamStarted(hcm.statPrefix);
  let route: Route | null = null;
  let routeStale = true;
  const currentRoute = () => {
    if (routeStale) {
      route = matchRoute(hcm.routes, headers);
      info.routeName = route?.name ?? "";
      info.clusterName = route?.action.kind === "cluster" ? route.action.cluster : "";
      routeStale = false;
    }
    return route;
  };
  currentRoute();
  const filters = ctx.factories.map((f) => f.filterFor(conn.worker)).filter((f): f is StreamFilter => f !== null);
  // Reading the client stops while either the filters' watermark buffering or a slow upstream holds it.
  const requestGate = new ReadGate((paused) => (paused ? req.pause() : req.resume()));
  let timers: StreamTimers | null = null;
  const router = new Router({
    clusters,
    route: currentRoute,
    warn: ctx.warn,
    requestGate,
    onActivity: () => timers?.activity(),
    onRequestBackpressure: () =>
      count(ctx.stats, `cluster.${info.clusterName}.upstream_flow_control_paused_reading_total`),
  });
  const sink = new NodeResponseSink(res, hcm.serverName);
  const fm = new FilterManager({
    filters,
    info,
    upstream: router,
    downstream: sink,
    bufferLimitBytes: listener.bufferLimitBytes,
    onWarning: ctx.warn,
    onClearRouteCache: () => {
      routeStale = true;
    },
    pauseSource: (side, paused) => {
      if (side === "request") requestGate.set("filters", paused);
      else router.pauseResponse(paused);
    },
    onComplete: () => {
      timers?.stop();
      ctx.streamStats.streamEnded(hcm.statPrefix, info);
      if (!ctx.accessLog.empty) {
        ctx.accessLog.log({
          info,
          requestHeaders: headers,
          responseHeaders: sink.sentHeaders,
          responseTrailers: sink.sentTrailers,
          endNanos: nowNanos(),
          hostname: ctx.accessLog.hostname,
        });
      }
    },
    onStreamError: (error, reply) => {
      count(ctx.stats, `${prefix}.gatewasm_stream_errors`);
      const what = error instanceof StreamFailure ? error.message : ((error as Error)?.stack ?? String(error));
      ctx.error(`[C${conn.id}][S${streamId}] stream failed, answered ${reply.status} (${reply.details}): ${what}`);
    },
  });
  // The response is written with back-pressure: a client that reads slowly stops the upstream being read.
  sink.writer = new BackpressuredWriter(res, listener.bufferLimitBytes, router.responseGate, "downstream", () =>
    count(ctx.stats, `${prefix}.downstream_flow_control_paused_reading_total`),
  );
  router.attach(fm);
  timers = new StreamTimers(fm, hcm.http1);
  req.on("end", () => timers?.requestComplete());
  res.on("close", () => timers?.stop());
  pipeRequest(req, res, headers, fm, () => timers?.activity());
}
