// One configuration the gateway serves: the envoy.yaml's clusters, its wasm filters (each with
// its canary and per-worker VMs) and its access loggers. The gateway starts with one; a reload
// (gatewasm run --watch) builds the next one beside it, and streams keep the generation they
// started on, so the old one is disposed only when its last stream has finished, as Envoy
// drains a replaced filter chain.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { LogLevel } from "../abi/enums.js";
import { UpstreamClusters } from "../clusters/upstream-clusters.js";
import type { Flavor } from "../loader/host-function-table.js";
import { WasmLoadError } from "../loader/link.js";
import type { Dispatcher } from "../plugin/dispatcher.js";
import type { HostProcess } from "../process/host-process.js";
import { AccessLogWriter, processStreams, type StreamWrite } from "./access-log/access-log-writer.js";
import { DEFAULT_ACCESS_LOG_FORMAT, LogFormat } from "./access-log/log-format.js";
import type { LoggingLevels } from "./admin/logging-levels.js";
import type { GatewayConfig } from "./config-model.js";
import { GatewayStartError } from "./gateway-start-error.js";
import { CountedClusters } from "./stats/counted-clusters.js";
import { formatPluginLog, pluginLogPrefix } from "./log-lines.js";
import { WasmFilterFactory, WasmStartError } from "./wasm-filter-factory.js";

export interface GenerationInputs {
  config: GatewayConfig;
  /** The envoy.yaml's path as given (for messages) and resolved (for relative wasm file names). */
  envoyYaml: string;
  yamlPath: string;
  wasmOverrides: Record<string, string>;
  flavor: Flavor;
  accessLogDefault: boolean;
  accessLogWrite?: StreamWrite;
  process: HostProcess;
  logging: LoggingLevels;
  dispatchers: Dispatcher[];
  out: (line: string) => void;
}

function readWasm(
  filename: string,
  overrides: Record<string, string>,
  yamlDir: string,
): { path: string; code: Uint8Array } {
  const mapped = overrides[filename];
  const candidates = mapped !== undefined ? [resolve(mapped)] : [resolve(filename), resolve(yamlDir, filename)];
  for (const path of candidates) {
    try {
      return { path, code: readFileSync(path) };
    } catch {
      // try the next place
    }
  }
  throw new GatewayStartError(
    mapped !== undefined
      ? `wasm file ${mapped} (for ${filename}) cannot be read`
      : `wasm file ${filename} cannot be read; map it to a local file with --wasm ${filename}=PATH`,
  );
}

export class Generation {
  readonly clusters: UpstreamClusters;
  readonly factories: WasmFilterFactory[] = [];
  /** Per listener, its wasm filters in chain order. */
  readonly perListener: WasmFilterFactory[][] = [];
  readonly accessLogs: AccessLogWriter[] = [];
  /** The local files the wasm code was read from (what --watch watches). */
  readonly wasmFiles: string[] = [];
  private active = 0;
  private retired = false;
  private disposed = false;

  private constructor(readonly config: GatewayConfig) {
    this.clusters = new UpstreamClusters(config.clusters);
  }

  /** Builds every filter (canary first); throws GatewayStartError with Envoy's message when one does not start. */
  static build(inputs: GenerationInputs): Generation {
    const gen = new Generation(inputs.config);
    const counted = new CountedClusters(gen.clusters, inputs.process.stats);
    try {
      for (const listener of inputs.config.listeners) {
        const list: WasmFilterFactory[] = [];
        for (const filter of listener.hcm.filters) {
          if (filter.kind !== "wasm") continue;
          const spec = filter.plugin;
          const prefix = pluginLogPrefix(spec.name, spec.rootId, spec.vmId);
          let code: Uint8Array;
          if ("filename" in spec.code) {
            const read = readWasm(spec.code.filename, inputs.wasmOverrides, dirname(inputs.yamlPath));
            code = read.code;
            if (!gen.wasmFiles.includes(read.path)) gen.wasmFiles.push(read.path);
          } else code = spec.code.bytes;
          const logging = inputs.logging;
          const factory = WasmFilterFactory.create(spec, code, {
            process: inputs.process,
            clusters: counted,
            flavor: inputs.flavor,
            // "off" still answers proxy_get_log_level with critical, the highest level the ABI has.
            get logLevel() {
              return Math.min(logging.wasm, LogLevel.Critical) as LogLevel;
            },
            bufferLimitBytes: listener.bufferLimitBytes,
            listenerDirection: listener.direction,
            dispatchers: inputs.dispatchers,
            onLog: (worker, entry) => {
              if (entry.level >= logging.wasm) inputs.out(formatPluginLog(worker, prefix, entry));
            },
          });
          gen.factories.push(factory);
          list.push(factory);
        }
        gen.perListener.push(list);
        const specs =
          listener.hcm.accessLogs.length > 0 || !inputs.accessLogDefault
            ? listener.hcm.accessLogs
            : [{ sink: { kind: "stdout" as const }, format: LogFormat.parse(DEFAULT_ACCESS_LOG_FORMAT) }];
        gen.accessLogs.push(new AccessLogWriter(specs, inputs.accessLogWrite ?? processStreams));
      }
    } catch (e) {
      gen.dispose();
      if (e instanceof WasmStartError || e instanceof GatewayStartError || e instanceof WasmLoadError) {
        throw new GatewayStartError(`error initializing configuration '${inputs.envoyYaml}': ${e.message}`);
      }
      if (e instanceof Error && e.message.startsWith("access log:")) throw new GatewayStartError(e.message);
      throw e;
    }
    return gen;
  }

  /** A stream starts on this generation; call the returned function once it is over. */
  enter(): () => void {
    this.active++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.active--;
      if (this.retired && this.active === 0) this.dispose();
    };
  }

  get streamsInFlight(): number {
    return this.active;
  }

  /** No new stream starts here; disposed when the last one in flight is over. */
  retire(): void {
    this.retired = true;
    if (this.active === 0) this.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const a of this.accessLogs) a.close();
    for (const f of this.factories) f.dispose();
    this.clusters.close();
  }
}
