// A plugin's root context (Envoy Context created with a plugin, cpp-host ContextBase with
// root_id): it receives vm_start, configure, ticks, queue and callout callbacks, and its
// configuration buffer exists only while it is being created and configured.
import { WasmResult } from "../abi/enums.js";
import { ContextState, type CalloutState, type RootContextLike } from "./context-state.js";

export class RootContext extends ContextState implements RootContextLike {
  /** True during on_context_create and on_configure (Envoy's temp_plugin_). */
  configuring = false;
  readonly callouts: CalloutState = {
    httpCallResponse: null,
    redisCallResponse: null,
    grpcInitialMetadata: null,
    grpcTrailingMetadata: null,
    statusCode: 0,
    statusMessage: "",
  };
  /** Names declared with the declare_property foreign function (Envoy state_prototypes_). */
  readonly declaredProperties = new Set<string>();
  /** on_done answered false at shutdown: the root waits for proxy_done. */
  pendingDone = false;

  constructor(
    id: number,
    readonly pluginConfiguration: Uint8Array,
    readonly vmConfiguration: Uint8Array,
  ) {
    super(id);
  }

  get isRoot(): boolean {
    return true;
  }

  root(): RootContextLike {
    return this;
  }

  /** Envoy Context::declareProperty: a name can be declared once. */
  declareProperty(name: string): WasmResult {
    if (this.declaredProperties.has(name)) return WasmResult.BadArgument;
    this.declaredProperties.add(name);
    return WasmResult.Ok;
  }
}
