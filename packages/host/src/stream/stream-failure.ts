// How a stream ends when the host itself fails on it (an exception anywhere on the request
// path: a codec refusal, a bug, a Node error). Envoy never lets one stream take the process
// down; the stream gets a local reply if nothing went to the client yet, or a reset.

/** A refusal with Envoy's answer: what the codec or connection manager sends instead. */
export class StreamFailure extends Error {
  override name = "StreamFailure";
  constructor(
    readonly status: number,
    readonly body: string,
    readonly details: string,
  ) {
    super(body || details);
  }
}

export interface FailureReply {
  status: number;
  body: string;
  details: string;
}

/** The reply for any error: a StreamFailure's own, else an empty 500 (Envoy's answer to an internal error). */
export function failureReplyOf(error: unknown): FailureReply {
  if (error instanceof StreamFailure) return { status: error.status, body: error.body, details: error.details };
  const name = error instanceof Error ? error.name : "error";
  return { status: 500, body: "", details: `gatewasm_stream_error{${name.replace(/\s/g, "_")}}` };
}
