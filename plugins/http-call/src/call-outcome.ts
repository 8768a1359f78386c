// What a token-service answer means. Envoy turns a timeout and a failed connection into
// answers of its own (504 "upstream request timeout"; 503 "upstream connect error …" or
// "no healthy upstream"), and the SDK turns a reset (no :status) into 502 with no headers.
// The failure policy treats all of them alike; telling them apart is for the log line and
// the local reply's response-code details.
import { Headers } from "@gatewasm/sdk";

/** InvalidToken: a 200 whose token has CR, LF or NUL (it would split or corrupt the request). */
export enum Outcome {
  Ok,
  Status,
  Timeout,
  ConnectFailure,
  Reset,
  InvalidToken,
}

export function outcomeOf(status: i32, headers: Headers, body: ArrayBuffer): Outcome {
  if (status == 200) return Outcome.Ok;
  if (headers.length == 0) return Outcome.Reset;
  if (status == 504 && startsWith(body, "upstream request timeout")) return Outcome.Timeout;
  if (status == 503 && (startsWith(body, "upstream connect error") || startsWith(body, "no healthy upstream")))
    return Outcome.ConnectFailure;
  return Outcome.Status;
}

/** Envoy's response-code details for the local reply (no spaces: Envoy would turn them into '_'). */
export function detailsOf(outcome: Outcome): string {
  switch (outcome) {
    case Outcome.Timeout:
      return "http_call_timeout";
    case Outcome.ConnectFailure:
      return "http_call_connect_failure";
    case Outcome.Reset:
      return "http_call_reset";
    case Outcome.InvalidToken:
      return "http_call_invalid_token";
    default:
      return "http_call_failed_status";
  }
}

/** What the log line says happened. */
export function describe(outcome: Outcome, status: i32, timeoutMs: i64): string {
  switch (outcome) {
    case Outcome.Timeout:
      return "no answer within " + timeoutMs.toString() + " ms (timeout)";
    case Outcome.ConnectFailure:
      return "connection to the token service failed";
    case Outcome.Reset:
      return "the call was reset before an answer";
    case Outcome.InvalidToken:
      return "the token contains CR, LF or NUL and was not used";
    default:
      return "status: " + status.toString();
  }
}

// Compares bytes, not a decoded string: the body may be anything, including invalid UTF-8.
function startsWith(body: ArrayBuffer, prefix: string): bool {
  const n = prefix.length;
  if (body.byteLength < n) return false;
  const p = changetype<usize>(body);
  for (let i = 0; i < n; i++) {
    if (<i32>load<u8>(p + <usize>i) != prefix.charCodeAt(i)) return false;
  }
  return true;
}
