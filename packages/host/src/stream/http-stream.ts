// One HTTP stream through the plugin: Envoy's wasm HTTP filter (Context) for one request.
// It owns the stream's header maps and follows Envoy's call order and map lifetimes:
// create -> request headers -> … -> response … -> log -> done -> delete.
import { BufferType, HeaderStatus, MapType, WasmResult } from "../abi/enums.js";
import type { HeaderPair } from "../abi/pairs.js";
import { ContextState, type LocalReply } from "../context/context-state.js";
import { HeaderMap } from "../context/header-map.js";
import type { PluginVm } from "../plugin/plugin-vm.js";
import { convertHeaderStatus } from "./status.js";

/** The response the client receives when the plugin (or a VM failure) answers locally. */
export interface SentLocalReply extends LocalReply {
  /** The response headers as the client sees them, after the plugin's own response callbacks. */
  finalHeaders: HeaderPair[];
}

export class HttpStream extends ContextState {
  requestHeaders: HeaderMap | null = null;
  responseHeaders: HeaderMap | null = null;
  private responseBody: Uint8Array | undefined;
  private pendingLocalReply: LocalReply | null = null;
  /** The local reply sent to the client, once sent. */
  localReply: SentLocalReply | null = null;
  /** Set when the VM failed while serving this stream (Envoy answers 503, details wasm_fail_stream). */
  failedVm = false;
  private finished = false;

  constructor(readonly plugin: PluginVm, id: number) {
    super(id);
    plugin.vm.call("proxy_on_context_create", id, id, plugin.rootId);
  }

  override headerMap(type: MapType): HeaderMap | null | undefined {
    switch (type) {
      case MapType.HttpRequestHeaders: return this.requestHeaders;
      case MapType.HttpResponseHeaders: return this.responseHeaders;
      default: return undefined;
    }
  }

  override buffer(type: BufferType): Uint8Array | undefined {
    if (type === BufferType.HttpResponseBody && this.responseBody) return this.responseBody;
    return undefined;
  }

  /** Records a local reply; Envoy 1.27 (Higress) refuses a second one with BadArgument. */
  requestLocalReply(reply: LocalReply): WasmResult {
    if (this.pendingLocalReply || this.localReply) return WasmResult.BadArgument;
    this.pendingLocalReply = reply;
    return WasmResult.Ok;
  }

  /** Request headers arrive from the client. */
  onRequestHeaders(headers: readonly HeaderPair[], endOfStream: boolean): HeaderStatus {
    this.requestHeaders = new HeaderMap(headers);
    const raw = this.plugin.vm.call("proxy_on_request_headers", this.id, this.id, this.requestHeaders.size, endOfStream ? 1 : 0);
    if (this.plugin.vm.failed) return this.failStream();
    let status = raw === undefined ? HeaderStatus.Continue : convertHeaderStatus(raw, this.plugin.abiVersion);
    if (this.pendingLocalReply) {
      status = HeaderStatus.StopAllIterationAndWatermark;
      this.sendPendingLocalReply();
    }
    // Envoy drops its pointer to the request headers once they continue down the chain.
    if (status === HeaderStatus.Continue) this.requestHeaders = null;
    return status;
  }

  /** Sends the deferred local reply: Envoy runs the encoder chain, so the plugin sees its own reply. */
  private sendPendingLocalReply(): void {
    const reply = this.pendingLocalReply;
    if (!reply) return;
    this.pendingLocalReply = null;
    const headers = new HeaderMap([[":status", String(reply.statusCode)], ...reply.headers]);
    headers.replace("content-length", String(reply.body.length));
    if (reply.body.length > 0 && headers.get("content-type") === undefined) headers.add("content-type", "text/plain");
    this.responseHeaders = headers;
    this.plugin.vm.call("proxy_on_response_headers", this.id, this.id, headers.size, reply.body.length === 0 ? 1 : 0);
    if (reply.body.length > 0 && !this.plugin.vm.failed) {
      this.responseBody = reply.body;
      this.plugin.vm.call("proxy_on_response_body", this.id, this.id, reply.body.length, 1);
    }
    this.localReply = { ...reply, body: this.responseBody ?? reply.body, finalHeaders: this.responseHeaders.toPairs() };
    this.responseBody = undefined;
  }

  /** A trap while serving the stream: 503 with an empty body (Envoy's failStream). */
  private failStream(): HeaderStatus {
    this.failedVm = true;
    this.localReply = {
      statusCode: 503, details: "wasm_fail_stream", body: new Uint8Array(0), headers: [], grpcStatus: 14,
      finalHeaders: [[":status", "503"], ["content-length", "0"]],
    };
    return HeaderStatus.StopAllIterationAndWatermark;
  }

  /** End of the stream: log, done, delete (Envoy's deferred stream destroy order). */
  complete(): void {
    if (this.finished) return;
    this.finished = true;
    const vm = this.plugin.vm;
    vm.call("proxy_on_log", this.id, this.id);
    vm.call("proxy_on_done", this.id, this.id);
    vm.call("proxy_on_delete", this.id, this.id);
    this.plugin.forgetContext(this.id);
  }
}
