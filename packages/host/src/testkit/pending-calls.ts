// Outstanding callouts as tests see them (named after Higress wasm-go pkg/test's
// GetHttpCalloutAttributes / CallOnHttpCall / CallOnRedisCall). Answering one delivers it to
// the plugin's root context, then runs whatever the plugin deferred (a resume, a local reply).
import type { HeaderPair } from "../abi/pairs.js";
import { connectFailureReply, timeoutReply } from "../clusters/async-client-replies.js";
import type { HttpCalloutResult, RedisCallResult } from "../clusters/cluster-manager.js";
import { decodeReply, encodeReply, type RespValue } from "../clusters/resp.js";

export interface HttpCallResponse {
  status: number;
  headers?: readonly HeaderPair[] | Record<string, string>;
  body?: string | Uint8Array;
  trailers?: readonly HeaderPair[] | Record<string, string>;
}

const pairs = (h: readonly HeaderPair[] | Record<string, string> | undefined): HeaderPair[] =>
  !h
    ? []
    : Array.isArray(h)
      ? h.map(([k, v]) => [k.toLowerCase(), v])
      : Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]);

/** A response as Envoy hands it to the plugin: `:status` first, then the headers. */
function responseResult(r: HttpCallResponse): HttpCalloutResult {
  const body = typeof r.body === "string" ? Buffer.from(r.body, "utf8") : (r.body ?? new Uint8Array(0));
  return {
    kind: "response",
    headers: [[":status", String(r.status)], ...pairs(r.headers)],
    body,
    trailers: pairs(r.trailers),
  };
}

export class PendingHttpCall {
  private answered = false;
  private cancelled = false;

  constructor(
    readonly token: number,
    readonly cluster: string,
    readonly headers: HeaderPair[],
    readonly body: Buffer,
    readonly trailers: HeaderPair[],
    /** null when the plugin passed 0 (no timeout). */
    readonly timeoutMs: number | null,
    private readonly deliver: (result: HttpCalloutResult) => void,
    /** When the timeout fires on the test clock (TestHost.advanceTime); null: never. */
    readonly deadlineMs: number | null = null,
  ) {}

  /** A header of the call (first value), by lower-case name. */
  header(name: string): string | undefined {
    return this.headers.find(([k]) => k === name.toLowerCase())?.[1];
  }

  get isAnswered(): boolean {
    return this.answered;
  }

  /** The host dropped the call (the plugin's VM went away): no timeout fires and an answer goes nowhere. */
  cancel(): void {
    this.cancelled = true;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  private send(result: HttpCalloutResult): void {
    if (this.answered) throw new Error(`http call ${this.token} to ${this.cluster} was already answered`);
    this.answered = true;
    if (this.cancelled) return;
    this.deliver(result);
  }

  /** The upstream answers. */
  respond(response: HttpCallResponse): void {
    this.send(responseResult(response));
  }

  /** The call's timeout fires: the plugin gets Envoy's 504 "upstream request timeout". */
  timeout(): void {
    this.send(timeoutReply());
  }

  /** The cluster refuses the connection: the plugin gets Envoy's 503. */
  connectFailure(): void {
    this.send(connectFailureReply());
  }

  /** The stream is reset: the plugin gets (0 headers, 0 body, 0 trailers) and get_status says (11, "reset"). */
  reset(): void {
    this.send({ kind: "reset" });
  }
}

export class PendingRedisCall {
  private answered = false;
  /** The command as the plugin sent it, decoded (an array of strings for a well-formed query). */
  readonly args: RespValue;

  constructor(
    readonly token: number,
    readonly cluster: string,
    /** The raw RESP bytes the plugin sent. */
    readonly query: Buffer,
    private readonly deliver: (result: RedisCallResult) => void,
  ) {
    this.args = decodeReply(query);
  }

  get isAnswered(): boolean {
    return this.answered;
  }

  private send(result: RedisCallResult): void {
    if (this.answered) throw new Error(`redis call ${this.token} to ${this.cluster} was already answered`);
    this.answered = true;
    this.deliver(result);
  }

  /** Redis answers: raw RESP (bytes or a string such as ":1\r\n"), or a value to encode. */
  reply(resp: Uint8Array | string | { value: RespValue }): void {
    const bytes =
      typeof resp === "string"
        ? Buffer.from(resp, "utf8")
        : resp instanceof Uint8Array
          ? resp
          : encodeReply(resp.value);
    this.send({ status: 0, reply: bytes });
  }

  /** A network error: status 1, and get_status says (11, "reset"). */
  fail(): void {
    this.send({ status: 1 });
  }
}
