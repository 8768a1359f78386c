// What the host keeps per context id. A host call acts on the *effective* context; each kind
// of context answers only the host calls that make sense for it (a header map exists only on
// a stream, the plugin configuration only on a root while it configures, …).
import type { BufferType, MapType } from "../abi/enums.js";
import type { HeaderMap } from "./header-map.js";

export interface LocalReply {
  statusCode: number;
  details: string;
  body: Uint8Array;
  headers: [string, string][];
  grpcStatus: number;
}

export abstract class ContextState {
  constructor(readonly id: number) {}

  /**
   * A header map of this context: a HeaderMap, `null` when it does not exist (yet or any more:
   * Envoy answers BadArgument), or undefined for a map type this context never has.
   */
  headerMap(_type: MapType): HeaderMap | null | undefined {
    return undefined;
  }

  /** Bytes of a buffer of this context, or undefined if it has none (NotFound). */
  buffer(_type: BufferType): Uint8Array | undefined {
    return undefined;
  }
}

/** Context id 0: the VM itself, which `_initialize` and `malloc` run on. */
export class VmContextState extends ContextState {}
