// `gatewasm run --concurrency N` with N worker threads, as Envoy runs N workers: each thread
// (worker-main.ts) has its own gateway with one VM per plugin, and a trap there restarts only
// that thread's VM. Node 20 cannot hand a socket to a worker thread nor open SO_REUSEPORT
// listeners, so this main thread accepts every connection, picks a worker round robin (Envoy's
// default balance), and relays the bytes over the worker's port with a window each way
// (RELAY_WINDOW_BYTES). The main thread also owns the process-wide state the workers reach
// synchronously (ProcessService) and serves the admin, summing the workers' stats.
import { createServer, type Server, type Socket } from "node:net";
import { resolve } from "node:path";
import { MessageChannel, Worker } from "node:worker_threads";
import { LOG_LEVEL_NAMES, type LogLevel } from "../../abi/enums.js";
import { parseEndpoint } from "../../clusters/endpoint.js";
import { AdminServer } from "../admin/admin-server.js";
import { ENVOY_LEVELS, LoggingLevels } from "../admin/logging-levels.js";
import { refreshServerStats, serverInfo } from "../admin/server-info.js";
import type { GatewayOptions, RunningGateway } from "../gateway.js";
import { GatewayStartError } from "../gateway-start-error.js";
import { formatGatewayLog } from "../log-lines.js";
import { readConfig } from "../read-config.js";
import { StreamStats } from "../stats/stream-stats.js";
import { ProcessService } from "./process-service.js";
import { RELAY_ACK_BATCH_BYTES, RELAY_WINDOW_BYTES, type FromWorker, type ToWorker } from "./relay-messages.js";
import { serveSyncCalls } from "./sync-call.js";
import type { WorkerInputs } from "./worker-main.js";
import { WorkerStats } from "./worker-stats.js";
import type { Stat } from "../../process/stats-store.js";

interface Thread {
  index: number;
  worker: Worker;
  alive: boolean;
  post(m: ToWorker): void;
}

interface Relayed {
  socket: Socket;
  thread: Thread;
  /** Bytes posted to the worker and not yet taken by its HTTP server. */
  inFlight: number;
  /** The worker's bytes written to the socket and not yet acknowledged (sent in batches). */
  written: number;
}

function peer(address: string | undefined, port: number | undefined, family: string | undefined) {
  return { address: (address ?? "").replace(/^::ffff:/, ""), port: port ?? 0, family: family ?? "IPv4" };
}

/** What of GatewayOptions crosses to a worker (functions cannot). */
function workerOptions(options: GatewayOptions): GatewayOptions {
  const { output: _output, accessLogWrite: _write, hostProcess: _process, logging: _logging, ...rest } = options;
  return rest;
}

export async function startThreadedGateway(options: GatewayOptions): Promise<RunningGateway> {
  const out = options.output ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (options.accessLogWrite)
    throw new Error("accessLogWrite cannot cross to worker threads; the workers write access logs themselves");
  const yamlPath = resolve(options.envoyYaml);
  const { config, warnings } = readConfig(options, yamlPath);
  for (const w of warnings) out(formatGatewayLog("warning", w));
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));

  // Listen first, so the workers know the addresses they serve; connections wait for them.
  const servers: Server[] = [];
  const urls: string[] = [];
  const relayed = new Map<number, Relayed>();
  let nextId = 1;
  let nextThread = 0;
  let ready = false;
  const waiting: { socket: Socket; listener: number }[] = [];
  const threads: Thread[] = [];

  const pickThread = (): Thread | null => {
    for (let k = 0; k < threads.length; k++) {
      const t = threads[nextThread++ % threads.length];
      if (t.alive) return t;
    }
    return null;
  };

  const relay = (socket: Socket, listener: number) => {
    const thread = pickThread();
    if (!thread) return socket.destroy();
    const id = nextId++;
    const entry: Relayed = { socket, thread, inFlight: 0, written: 0 };
    relayed.set(id, entry);
    socket.setNoDelay(true);
    thread.post({
      t: "open",
      id,
      listener,
      remote: peer(socket.remoteAddress, socket.remotePort, socket.remoteFamily),
      local: peer(socket.localAddress, socket.localPort, socket.localFamily),
    });
    socket.on("data", (chunk: Buffer) => {
      entry.inFlight += chunk.length;
      // Back-pressure: stop reading the client while the worker has not taken a window's worth.
      if (entry.inFlight >= RELAY_WINDOW_BYTES) socket.pause();
      thread.post({ t: "data", id, chunk });
    });
    socket.on("end", () => thread.post({ t: "end", id }));
    socket.on("error", () => undefined);
    socket.once("close", () => {
      if (relayed.delete(id)) thread.post({ t: "close", id });
    });
    // Accepted paused (pauseOnConnect): the bytes flow once the worker knows the connection.
    socket.resume();
  };

  try {
    for (const [i, listener] of config.listeners.entries()) {
      const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => {
        if (ready) relay(socket, i);
        else waiting.push({ socket, listener: i });
      });
      const address =
        i === 0 && options.listen ? parseEndpoint(options.listen) : { host: listener.host, port: listener.port };
      await new Promise<void>((ok, fail) => {
        server.once("error", fail);
        server.listen(address.port, address.host, () => {
          server.off("error", fail);
          ok();
        });
      });
      servers.push(server);
      const port = (server.address() as { port: number }).port;
      urls.push(`http://${address.host.includes(":") ? `[${address.host}]` : address.host}:${port}`);
    }
  } catch (e) {
    for (const s of servers) s.close();
    throw new GatewayStartError(`cannot listen: ${(e as Error).message}`);
  }
  const listenerAddresses = servers.map((s) => {
    const a = s.address() as { address: string; port: number };
    return { host: a.address, port: a.port };
  });

  const service = new ProcessService((worker, token) => threads[worker]?.post({ t: "queue-ready", token }));
  const pendingStats = new Map<number, { left: number; lists: Stat[][]; done: () => void }>();
  const pendingReloads = new Map<number, { left: number; ok: boolean; done: (ok: boolean) => void }>();
  let nextRequest = 1;
  const started: Promise<void>[] = [];
  const stoppedThreads: Promise<void>[] = [];

  for (let index = 0; index < concurrency; index++) {
    const sync = new MessageChannel();
    const syncFlag = new SharedArrayBuffer(4);
    const inputs: WorkerInputs = {
      index,
      options: workerOptions(options),
      listeners: listenerAddresses,
      syncPort: sync.port2,
      syncFlag,
    };
    const worker = new Worker(new URL("./worker-main.js", import.meta.url), {
      workerData: inputs,
      transferList: [sync.port2],
    });
    const thread: Thread = { index, worker, alive: true, post: (m) => worker.postMessage(m) };
    threads.push(thread);
    serveSyncCalls(sync.port1, syncFlag, (request) => service.handle(index, request));
    let startOk!: () => void;
    let startFail!: (e: Error) => void;
    started.push(new Promise<void>((ok, fail) => ((startOk = ok), (startFail = fail))));
    let stopped!: () => void;
    stoppedThreads.push(new Promise<void>((r) => (stopped = r)));
    worker.on("message", (m: FromWorker) => {
      switch (m.t) {
        case "started":
          return startOk();
        case "failed":
          return startFail(m.startError ? new GatewayStartError(m.message) : new Error(m.message));
        case "log":
          return out(m.line);
        case "data": {
          const entry = relayed.get(m.id);
          if (!entry) return;
          // The ack goes once the bytes are written to the socket: the worker holds its writes past a window.
          entry.socket.write(m.chunk, () => {
            entry.written += m.chunk.byteLength;
            if (entry.written < RELAY_ACK_BATCH_BYTES) return;
            thread.post({ t: "ack", id: m.id, bytes: entry.written });
            entry.written = 0;
          });
          return;
        }
        case "end":
          return void relayed.get(m.id)?.socket.end();
        case "destroy": {
          const entry = relayed.get(m.id);
          relayed.delete(m.id);
          entry?.socket.destroy();
          return;
        }
        case "ack": {
          const entry = relayed.get(m.id);
          if (!entry) return;
          entry.inFlight -= m.bytes;
          if (entry.inFlight < RELAY_WINDOW_BYTES && entry.socket.isPaused()) entry.socket.resume();
          return;
        }
        case "stats": {
          const p = pendingStats.get(m.request);
          if (!p) return;
          p.lists.push(m.stats);
          if (--p.left === 0) p.done();
          return;
        }
        case "reloaded": {
          const p = pendingReloads.get(m.request);
          if (!p) return;
          p.ok &&= m.ok;
          if (--p.left === 0) p.done(p.ok);
          return;
        }
        case "stopped":
          return stopped();
      }
    });
    worker.on("error", (e) => {
      // An uncaught error ends only this thread: its connections close, the others keep serving.
      out(formatGatewayLog("error", `worker w${index} failed: ${e.stack ?? String(e)}`));
    });
    worker.once("exit", (code) => {
      thread.alive = false;
      startFail(new Error(`worker w${index} exited (${code}) before it started`));
      stopped();
      for (const [id, entry] of relayed) {
        if (entry.thread === thread) {
          relayed.delete(id);
          entry.socket.destroy();
        }
      }
      // A gather or reload waiting on this thread does not wait forever.
      for (const p of pendingStats.values()) if (--p.left === 0) p.done();
      for (const p of pendingReloads.values()) if (--p.left === 0) p.done(false);
    });
  }

  const terminateAll = async () => {
    for (const s of servers) s.close();
    await Promise.all(threads.map((t) => t.worker.terminate()));
  };
  try {
    await Promise.all(started);
  } catch (e) {
    await terminateAll();
    throw e;
  }
  ready = true;
  for (const w of waiting.splice(0)) relay(w.socket, w.listener);

  const alive = () => threads.filter((t) => t.alive);
  const gatherStats = (into: WorkerStats) =>
    new Promise<void>((done) => {
      const live = alive();
      if (live.length === 0) return done();
      const request = nextRequest++;
      const lists: Stat[][] = [];
      pendingStats.set(request, {
        left: live.length,
        lists,
        done: () => {
          pendingStats.delete(request);
          into.replace(lists);
          done();
        },
      });
      for (const t of live) t.post({ t: "stats", request });
    });

  let admin: AdminServer | null = null;
  const adminAddress =
    options.admin === true ? config.admin : typeof options.admin === "string" ? parseEndpoint(options.admin) : null;
  if (adminAddress) {
    const stats = new WorkerStats();
    const logging = new ForwardedLogging(LOG_LEVEL_NAMES.indexOf(options.logLevel ?? "info") as LogLevel, (query) => {
      for (const t of alive()) t.post({ t: "logging", query });
    });
    const facts = {
      startedMs: Date.now(),
      concurrency,
      envoyYaml: options.envoyYaml,
      wasmLogLevel: () => ENVOY_LEVELS[logging.wasm],
    };
    admin = new AdminServer(
      {
        stats,
        streamStats: new StreamStats(stats),
        clusters: () => config.clusters,
        logging,
        bootstrap: () => config.document,
        serverInfo: () => serverInfo(facts),
        refreshServerStats: () => refreshServerStats(stats, facts),
        beforeRequest: () => gatherStats(stats),
      },
      (m) => out(formatGatewayLog("error", m)),
    );
    try {
      await admin.listen(adminAddress.host, adminAddress.port);
    } catch (e) {
      await terminateAll();
      throw new GatewayStartError(
        `cannot listen for the admin interface on ${adminAddress.host}:${adminAddress.port}: ${(e as Error).message}`,
      );
    }
    out(formatGatewayLog("info", `admin address: ${admin.url}`));
  }

  const reload = () =>
    new Promise<boolean>((done) => {
      const live = alive();
      if (live.length === 0) return done(false);
      const request = nextRequest++;
      pendingReloads.set(request, {
        left: live.length,
        ok: true,
        done: (ok) => {
          pendingReloads.delete(request);
          done(ok);
        },
      });
      for (const t of live) t.post({ t: "reload", request });
    });

  let stopping: Promise<void> | null = null;
  return {
    url: urls[0],
    urls,
    port: Number(new URL(urls[0]).port),
    warnings,
    process: service.process,
    // The filters live in the worker threads.
    filters: [],
    adminUrl: admin?.url ?? null,
    reload,
    stop: () =>
      (stopping ??= (async () => {
        await Promise.all(
          servers
            .map((s) => new Promise<void>((done) => s.close(() => done())))
            .concat(
              (async () => {
                for (const entry of relayed.values()) entry.socket.destroy();
                relayed.clear();
              })(),
            ),
        );
        for (const t of alive()) t.post({ t: "stop" });
        await Promise.all(stoppedThreads);
        await Promise.all(threads.map((t) => t.worker.terminate()));
        await admin?.close();
      })()),
  };
}

/** The admin's /logging under worker threads: applied here and forwarded to every worker. */
class ForwardedLogging extends LoggingLevels {
  constructor(
    wasm: LogLevel,
    private readonly forward: (query: string) => void,
  ) {
    super(wasm);
  }

  override apply(query: URLSearchParams): string | null {
    const problem = super.apply(query);
    if (!problem) this.forward(query.toString());
    return problem;
  }
}
