// Runs a compiled plugin on one request in the host engine, as the test kit's TestHost does in
// Node: load and link (Envoy's checks), start with the configuration, stream the request
// through the filter manager, answer callouts from the scripts, hand a request that reached the
// upstream the scripted response, and end the stream (log, done, delete).
import {
  CompiledPlugin,
  DataStatus,
  DEFAULT_BUFFER_LIMIT_BYTES,
  DownstreamRecorder,
  FilterManager,
  HeaderStatus,
  HostProcess,
  LogLevel,
  ManualDispatcher,
  parseAddress,
  PluginVm,
  StatusRecorder,
  StreamInfo,
  TestHttpStream,
  UpstreamRecorder,
  type Flavor,
  type HeaderPair,
  type HttpCallResponse,
  type PluginLogEntry,
  type RespValue,
  type WorkerEnvironment,
} from "@gatewasm/host/engine";
import { ScriptedClusters, type HttpReplyScript } from "./scripted-clusters.js";

export interface RunInput {
  wasm: Uint8Array;
  flavor: Flavor;
  pluginName: string;
  config: string;
  method: string;
  path: string;
  headers: HeaderPair[];
  body: string;
  httpReply: HttpReplyScript;
  redisReplies: RespValue[];
  upstreamResponse: HttpCallResponse;
}

interface PhaseRecord {
  phase: string;
  /** The status the plugin's callback returned, by Envoy's name (or why it was not called). */
  action: string;
}

export interface HttpMessage {
  headers: HeaderPair[];
  body: string;
}

export interface RunReport {
  /** Set when the plugin did not start (load, link, vm_start or configure failed). */
  startError?: string;
  phases: PhaseRecord[];
  /** The request as the upstream received it; null when it never got there. */
  upstreamRequest: HttpMessage | null;
  /** The plugin's (or the host's) local reply, if the request was answered without the upstream. */
  localReply: (HttpMessage & { status: number; details: string }) | null;
  /** What the client received. */
  response: HttpMessage | null;
  /** Final stream action: continue, paused, local-reply, reset. */
  action: string;
  httpCalls: { cluster: string; headers: HeaderPair[] }[];
  redisCalls: { cluster: string; command: string }[];
  logs: PluginLogEntry[];
  vmFailed: boolean;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function describeRedis(args: RespValue): string {
  if (!Array.isArray(args)) return JSON.stringify(args);
  return args.map((a) => (a instanceof Uint8Array ? text(a) : typeof a === "string" ? a : JSON.stringify(a))).join(" ");
}

export function runPlugin(input: RunInput): RunReport {
  const logs: PluginLogEntry[] = [];
  const report: RunReport = {
    phases: [],
    upstreamRequest: null,
    localReply: null,
    response: null,
    action: "none",
    httpCalls: [],
    redisCalls: [],
    logs,
    vmFailed: false,
  };
  const dispatcher = new ManualDispatcher();
  const clusters = new ScriptedClusters(dispatcher, input.httpReply, input.redisReplies);
  const startedAt = performance.now();
  const worker: WorkerEnvironment = {
    process: new HostProcess(),
    dispatcher,
    clusters,
    flavor: input.flavor,
    now: () => BigInt(Date.now()) * 1_000_000n,
    monotonic: () => BigInt(Math.round((performance.now() - startedAt) * 1e6)),
    logLevel: LogLevel.Trace,
    onLog: (entry) => logs.push(entry),
    node: { id: "playground", cluster: "playground" },
    extraProperties: new Map(),
    bufferLimitBytes: DEFAULT_BUFFER_LIMIT_BYTES,
  };
  let plugin: PluginVm;
  try {
    const compiled = CompiledPlugin.compile(input.wasm, input.flavor);
    plugin = PluginVm.create(
      compiled,
      {
        name: input.pluginName,
        rootId: "",
        vmId: "",
        configuration: new TextEncoder().encode(input.config),
        vmConfiguration: new Uint8Array(0),
        environment: new Map(),
        failurePolicy: "FAIL_CLOSED",
        allowOnHeadersStopIteration: false,
        listenerDirection: 0,
      },
      worker,
    );
    plugin.start();
  } catch (e) {
    report.startError = e instanceof Error ? e.message : String(e);
    return report;
  }
  const flush = () => dispatcher.runPosted();
  flush();

  const info = new StreamInfo(plugin.nowNanos());
  info.routeName = "playground";
  info.clusterName = "upstream";
  info.source = parseAddress("203.0.113.7:40000");
  info.destination = parseAddress("127.0.0.1:10000");
  info.connectionId = 1;
  const filter = new StatusRecorder(plugin.newHttpFilter());
  const upstream = new UpstreamRecorder();
  const downstream = new DownstreamRecorder();
  const manager = new FilterManager({
    filters: [filter],
    info,
    upstream,
    downstream,
    bufferLimitBytes: worker.bufferLimitBytes,
    onWarning: (message) => plugin.hostLog(LogLevel.Warn, message),
  });
  const stream = new TestHttpStream(manager, filter, upstream, downstream, flush, "playground-1");
  const phase = (name: string, status: number, names: Record<number, string>) =>
    report.phases.push({ phase: name, action: names[status] ?? String(status) });

  const hasBody = input.body.length > 0;
  const requestHeaders: HeaderPair[] = [
    [":method", input.method],
    [":path", input.path],
    [":scheme", "http"],
    ...input.headers,
  ];
  if (!requestHeaders.some(([k]) => k === ":authority")) {
    const host = input.headers.find(([k]) => k === "host")?.[1] ?? "example.com";
    requestHeaders.splice(3, 0, [":authority", host]);
  }
  phase(
    "request headers",
    stream.callOnHttpRequestHeaders(
      requestHeaders.filter(([k]) => k !== "host"),
      !hasBody,
    ),
    HeaderStatus,
  );
  if (hasBody) phase("request body", stream.callOnHttpRequestBody(input.body, true), DataStatus);
  flush();

  const sent = stream.getUpstreamRequest();
  if (sent && !stream.getLocalResponse()) {
    report.upstreamRequest = { headers: sent.headers, body: text(sent.body) };
    const r = input.upstreamResponse;
    const body = r.body === undefined ? "" : typeof r.body === "string" ? r.body : text(r.body);
    const headers: HeaderPair[] = [[":status", String(r.status)], ...(Object.entries(r.headers ?? {}) as HeaderPair[])];
    phase("response headers", stream.callOnHttpResponseHeaders(headers, body.length === 0), HeaderStatus);
    if (body.length > 0) phase("response body", stream.callOnHttpResponseBody(body, true), DataStatus);
  }
  report.action = stream.getHttpStreamAction();
  const local = stream.getLocalResponse();
  if (local)
    report.localReply = {
      status: local.statusCode,
      headers: local.headers,
      body: text(local.body),
      details: local.details,
    };
  const response = stream.getResponseHeaders();
  if (response) report.response = { headers: response, body: text(stream.getResponseBody() ?? new Uint8Array(0)) };
  stream.completeHttp();
  report.vmFailed = plugin.failed;
  report.httpCalls = clusters.httpCalls.map((c) => ({ cluster: c.cluster, headers: c.headers }));
  report.redisCalls = clusters.redisCalls.map((c) => ({ cluster: c.cluster, command: describeRedis(c.args) }));
  plugin.dispose();
  flush();
  return report;
}
