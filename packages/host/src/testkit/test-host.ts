// The test kit: run a built plugin .wasm in the host from a vitest test. Method names follow
// Higress's Go test framework (wasm-go pkg/test) in camelCase, so Go plugin authors find
// `callOnHttpRequestHeaders`, `getLocalResponse`, `completeHttp` where they expect them.
import { readFile } from "node:fs/promises";
import { HeaderStatus, LOG_LEVEL_NAMES, LogLevel, type LogLevelName } from "../abi/enums.js";
import type { HeaderPair } from "../abi/pairs.js";
import type { Flavor } from "../loader/host-function-table.js";
import { PluginVm, type PluginLogEntry } from "../plugin/plugin-vm.js";
import type { HttpStream } from "../stream/http-stream.js";

export interface TestHostOptions {
  /** Path to the .wasm, or its bytes. */
  wasm: string | Uint8Array;
  /** Plugin configuration: an object is sent as JSON, a string as is; omitted means empty. */
  config?: unknown;
  /** vm_config.configuration. */
  vmConfig?: string;
  flavor?: Flavor;
  pluginName?: string;
  /** Lowest level recorded in `logs` (default trace: everything). */
  logLevel?: LogLevelName;
  /** Wall clock in nanoseconds, for plugins that read the time. */
  clock?: () => bigint;
}

export type HeadersInput = readonly HeaderPair[] | Record<string, string>;

export interface LocalResponse {
  statusCode: number;
  /** Headers the client receives, after the plugin's own response callbacks ran on the reply. */
  headers: HeaderPair[];
  body: Buffer;
  details: string;
  grpcStatus: number;
}

export class TestStartError extends Error {
  override name = "TestStartError";
  constructor(message: string, readonly logs: PluginLogEntry[]) {
    super(message);
  }
}

function toPairs(headers: HeadersInput): HeaderPair[] {
  return Array.isArray(headers) ? headers.map(([k, v]) => [k, v]) : Object.entries(headers);
}

function configBytes(config: unknown): Uint8Array {
  if (config === undefined) return new Uint8Array(0);
  if (typeof config === "string") return Buffer.from(config, "utf8");
  if (config instanceof Uint8Array) return config;
  return Buffer.from(JSON.stringify(config), "utf8");
}

export class TestHost {
  private constructor(readonly plugin: PluginVm, readonly logs: PluginLogEntry[]) {}

  /** Loads, starts and configures the plugin; throws TestStartError (with the logs) if any step fails. */
  static async start(options: TestHostOptions): Promise<TestHost> {
    const r = await TestHost.tryStart(options);
    if (r.error !== undefined) throw r.error;
    return r.host;
  }

  /** Like `start`, but returns the failure instead of throwing (for tests of bad configs). */
  static async tryStart(options: TestHostOptions): Promise<{ host: TestHost; error?: undefined } | { host?: undefined; error: TestStartError }> {
    const logs: PluginLogEntry[] = [];
    const wasm = typeof options.wasm === "string" ? await readFile(options.wasm) : options.wasm;
    try {
      const plugin = await PluginVm.start({
        wasm,
        flavor: options.flavor,
        pluginName: options.pluginName,
        configuration: configBytes(options.config),
        vmConfiguration: options.vmConfig === undefined ? undefined : Buffer.from(options.vmConfig, "utf8"),
        logLevel: options.logLevel ? (LOG_LEVEL_NAMES.indexOf(options.logLevel) as LogLevel) : LogLevel.Trace,
        onLog: (entry) => logs.push(entry),
        clock: options.clock,
      });
      return { host: new TestHost(plugin, logs) };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return { error: new TestStartError(message, logs) };
    }
  }

  /** Log lines, optionally of one level only. */
  getLogs(level?: LogLevelName): string[] {
    return this.logs.filter((l) => level === undefined || l.levelName === level).map((l) => l.message);
  }

  /** Starts a new HTTP stream (Higress: `InitHttp`). */
  initHttp(): TestHttpStream {
    return new TestHttpStream(this.plugin.newHttpStream());
  }

  /** True once a trap has failed the VM. */
  get vmFailed(): boolean {
    return this.plugin.vm.failed;
  }
}

export class TestHttpStream {
  constructor(readonly stream: HttpStream) {}

  /** Delivers request headers; returns the filter status Envoy would act on. */
  callOnHttpRequestHeaders(headers: HeadersInput, endOfStream = false): HeaderStatus {
    return this.stream.onRequestHeaders(toPairs(headers), endOfStream);
  }

  /** The request headers as they are now; null once Envoy has released them. */
  getRequestHeaders(): HeaderPair[] | null {
    return this.stream.requestHeaders?.toPairs() ?? null;
  }

  /** The local reply the client received, if the plugin (or a failure) answered. */
  getLocalResponse(): LocalResponse | null {
    const r = this.stream.localReply;
    if (!r) return null;
    return { statusCode: r.statusCode, headers: r.finalHeaders, body: Buffer.from(r.body), details: r.details, grpcStatus: r.grpcStatus };
  }

  /** Ends the stream: log, done, delete. */
  completeHttp(): void {
    this.stream.complete();
  }
}
