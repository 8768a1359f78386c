// What the host keeps per context id (Envoy's Context / cpp-host ContextBase). A host call
// acts on the *effective* context; each kind of context answers only what makes sense for it.
// The defaults here are Envoy's answers for a context with no HTTP stream (a root context):
// no header maps, empty bodies, Ok-and-nothing for stream control.
import { BufferType, MapType, StreamType, WasmResult } from "../abi/enums.js";
import type { HeaderPair } from "../abi/pairs.js";
import type { StreamInfo } from "./stream-info.js";
import type { HeaderMap } from "./header-map.js";
import { ConstBuffer, type WasmBuffer } from "./wasm-buffer.js";

export interface LocalReply {
  statusCode: number;
  details: string;
  body: Uint8Array;
  headers: HeaderPair[];
  /** -1 when the plugin gave none (no grpc-status). */
  grpcStatus: number;
}

/** What the root context holds for callouts: the response being delivered, and get_status. */
export interface CalloutState {
  httpCallResponse: { headers: HeaderMap; body: Uint8Array; trailers: HeaderMap | null } | null;
  redisCallResponse: Uint8Array | null;
  grpcInitialMetadata: HeaderMap | null;
  grpcTrailingMetadata: HeaderMap | null;
  statusCode: number;
  statusMessage: string;
}

const EMPTY = new ConstBuffer();

export abstract class ContextState {
  /** Data for CallData buffers (on_foreign_function, envoy_on_resolve_dns). */
  callData: Uint8Array | null = null;

  constructor(readonly id: number) {}

  abstract get isRoot(): boolean;
  /** The root context this context belongs to (itself for a root). */
  abstract root(): RootContextLike;
  /** The stream's info, or null when there is no stream (root contexts). */
  streamInfo(): StreamInfo | null {
    return null;
  }

  /** Envoy getConstMap: what get_header_map_value / get_header_map_pairs read. */
  readableMap(type: MapType): HeaderMap | null {
    const callouts = this.root().callouts;
    switch (type) {
      case MapType.GrpcReceiveInitialMetadata:
        return callouts.grpcInitialMetadata;
      case MapType.GrpcReceiveTrailingMetadata:
        return callouts.grpcTrailingMetadata;
      case MapType.HttpCallResponseHeaders:
        return callouts.httpCallResponse?.headers ?? null;
      case MapType.HttpCallResponseTrailers:
        return callouts.httpCallResponse?.trailers ?? null;
      default:
        return null;
    }
  }

  /** Envoy getMap: what add/replace/remove/set_pairs/get_size act on (stream maps only). */
  writableMap(_type: MapType): HeaderMap | null {
    return null;
  }

  /** In on_log Envoy answers a missing map with NotFound instead of BadArgument. */
  get inAccessLogPhase(): boolean {
    return false;
  }

  /** A header edit happened (Envoy onHeadersModified: clears the route cache). */
  headersModified(_type: MapType): void {}

  /** Envoy getBuffer: null is NotFound. */
  buffer(type: BufferType): WasmBuffer | null {
    const root = this.root();
    switch (type) {
      case BufferType.HttpRequestBody:
      case BufferType.HttpResponseBody:
      case BufferType.DownstreamData:
      case BufferType.UpstreamData:
      case BufferType.GrpcReceiveBuffer:
        return EMPTY;
      case BufferType.VmConfiguration:
        return new ConstBuffer(root.vmConfiguration);
      case BufferType.PluginConfiguration:
        return root.configuring ? new ConstBuffer(root.pluginConfiguration) : null;
      case BufferType.HttpCallResponseBody:
        return root.callouts.httpCallResponse ? new ConstBuffer(root.callouts.httpCallResponse.body) : null;
      case BufferType.CallData:
        return new ConstBuffer(this.callData ?? new Uint8Array(0));
      case BufferType.RedisCallResponse:
        return root.callouts.redisCallResponse ? new ConstBuffer(root.callouts.redisCallResponse) : null;
      default:
        return null;
    }
  }

  /** proxy_continue_stream: a root has no stream; Envoy answers Ok and does nothing. */
  continueStream(type: StreamType): WasmResult {
    if (type === StreamType.Upstream) return WasmResult.Unimplemented;
    return WasmResult.Ok;
  }

  /** proxy_close_stream. */
  closeStream(_type: StreamType): WasmResult {
    return WasmResult.Ok;
  }

  /** proxy_send_local_response: without a stream Envoy does nothing and answers Ok. */
  sendLocalResponse(_reply: LocalReply): WasmResult {
    return WasmResult.Ok;
  }

  /** proxy_clear_route_cache and the foreign function clear_route_cache: only a stream has a route. */
  clearRouteCache(): void {}

  /** proxy_set_property: without stream info Envoy answers NotFound. */
  setProperty(_key: string, _value: Uint8Array): WasmResult {
    return WasmResult.NotFound;
  }
}

/** What every context needs from its root. */
export interface RootContextLike {
  readonly id: number;
  readonly configuring: boolean;
  readonly pluginConfiguration: Uint8Array;
  readonly vmConfiguration: Uint8Array;
  readonly callouts: CalloutState;
}

/** Context id 0: the VM itself, which `_initialize` and `malloc` run on. */
export class VmContext extends ContextState {
  constructor(private readonly rootRef: () => RootContextLike) {
    super(0);
  }
  get isRoot(): boolean {
    return false;
  }
  root(): RootContextLike {
    return this.rootRef();
  }
}
