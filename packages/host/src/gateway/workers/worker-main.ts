// A worker thread of `gatewasm run --concurrency N`: one gateway with one VM per plugin, as an
// Envoy worker, serving the connections the main thread hands it. Its shared data and queues
// are the main thread's (RemoteHostProcess); its stats are its own until the admin asks.
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { LOG_LEVEL_NAMES, type LogLevel } from "../../abi/enums.js";
import { LoggingLevels } from "../admin/logging-levels.js";
import { GatewayStartError } from "../gateway-start-error.js";
import { startGateway, type GatewayOptions, type RunningGateway } from "../gateway.js";
import { RelayedSocket } from "./relayed-socket.js";
import type { FromWorker, ToWorker } from "./relay-messages.js";
import { RemoteHostProcess } from "./remote-process.js";
import { SyncCaller } from "./sync-call.js";

export interface WorkerInputs {
  index: number;
  options: GatewayOptions;
  listeners: { host: string; port: number }[];
  syncPort: MessagePort;
  syncFlag: SharedArrayBuffer;
}

const inputs = workerData as WorkerInputs;
const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
// The gateway in this thread is worker 0 of one; its log lines name the thread's real index.
const relabel = (line: string) => line.replace(/^(\[[^\]]*\])\[w0\]/, `$1[w${inputs.index}]`);
const hostProcess = new RemoteHostProcess(new SyncCaller(inputs.syncPort, inputs.syncFlag));
const logging = new LoggingLevels(LOG_LEVEL_NAMES.indexOf(inputs.options.logLevel ?? "info") as LogLevel);
const sockets = new Map<number, RelayedSocket>();
let gateway: RunningGateway | null = null;

port.on("message", (m: ToWorker) => {
  switch (m.t) {
    case "open": {
      if (!gateway?.accept) return post({ t: "destroy", id: m.id });
      const socket = new RelayedSocket(m.id, m.remote, m.local, post);
      sockets.set(m.id, socket);
      socket.once("close", () => sockets.delete(m.id));
      gateway.accept(m.listener, socket as never);
      return;
    }
    case "data":
      return sockets.get(m.id)?.received(m.chunk);
    case "end":
      return sockets.get(m.id)?.receivedEnd();
    case "close":
      return sockets.get(m.id)?.peerClosed();
    case "ack":
      return sockets.get(m.id)?.acked(m.bytes);
    case "queue-ready":
      return hostProcess.queueReady(m.token);
    case "stats":
      return post({
        t: "stats",
        request: m.request,
        stats: hostProcess.stats.all().map((s) => ({ kind: s.kind, name: s.name, value: s.value, samples: s.samples })),
      });
    case "logging":
      logging.apply(new URLSearchParams(m.query));
      return;
    case "reload":
      void (gateway?.reload() ?? Promise.resolve(false)).then((ok) => post({ t: "reloaded", request: m.request, ok }));
      return;
    case "stop":
      void (gateway?.stop() ?? Promise.resolve()).then(() => {
        post({ t: "stopped" });
        port.close();
      });
      return;
  }
});

try {
  gateway = await startGateway({
    ...inputs.options,
    admin: false,
    concurrency: 1,
    hostProcess,
    logging,
    injectedListeners: inputs.listeners,
    output: (line) => post({ t: "log", line: relabel(line) }),
  });
  post({ t: "started" });
} catch (e) {
  post({
    t: "failed",
    message: e instanceof Error ? e.message : String(e),
    startError: e instanceof GatewayStartError,
  });
}
