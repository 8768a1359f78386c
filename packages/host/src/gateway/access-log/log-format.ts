// Envoy's substitution format strings for access logs (formatter/substitution_formatter.cc):
// text with %COMMAND%, %COMMAND(ARG)% and %COMMAND(ARG):MAXLEN% operators, parsed once when
// the envoy.yaml is read (an unknown operator stops the gateway, as it stops Envoy) and
// evaluated per finished stream. A value that is missing or empty prints "-".
import type { HeaderMap } from "../../context/header-map.js";
import type { StreamInfo } from "../../context/stream-info.js";
import { responseFlags } from "./response-flags.js";
import { checkStartTimeFormat, defaultStartTime, formatStartTime } from "./start-time.js";

/** Envoy's default access log format (access_log/access_log_impl.cc, DEFAULT_FORMAT). */
export const DEFAULT_ACCESS_LOG_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" ' +
  "%RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% " +
  '%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" ' +
  '"%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\n';

/** What one finished stream gives the operators. */
export interface AccessLogEntry {
  info: StreamInfo;
  requestHeaders: HeaderMap | null;
  responseHeaders: HeaderMap | null;
  responseTrailers: HeaderMap | null;
  /** When the stream ended (for %DURATION%), in wall-clock nanoseconds. */
  endNanos: bigint;
  hostname: string;
}

type Value = string | number | null;
type Operator = (e: AccessLogEntry) => Value;
type Piece = string | { op: Operator; maxLength: number | null };

export class LogFormatError extends Error {
  override name = "LogFormatError";
}

const withoutPort = (address: string | undefined) =>
  address ? address.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1") : null;
const millis = (nanos: bigint) => Number(nanos / 1_000_000n);

/** A header operator's argument: NAME, or NAME?ALTERNATIVE (Envoy: the second when the first is absent). */
function headerOperator(arg: string | null, command: string, pick: (e: AccessLogEntry) => HeaderMap | null): Operator {
  if (!arg) throw new LogFormatError(`${command} needs a header name: %${command}(X)%`);
  const [main, alt, extra] = arg.split("?");
  if (extra !== undefined || !main || alt === "")
    throw new LogFormatError(`${command}(${arg}): expected NAME or NAME?ALTERNATIVE`);
  const first = main.toLowerCase();
  const second = alt?.toLowerCase();
  return (e) => {
    const map = pick(e);
    if (!map) return null;
    const v = map.get(first);
    if (v !== undefined) return v;
    return second !== undefined ? (map.get(second) ?? null) : null;
  };
}

function operatorFor(command: string, arg: string | null): Operator {
  const noArg = () => {
    if (arg !== null) throw new LogFormatError(`%${command}% takes no argument`);
  };
  switch (command) {
    case "REQ":
      return headerOperator(arg, command, (e) => e.requestHeaders);
    case "RESP":
      return headerOperator(arg, command, (e) => e.responseHeaders);
    case "TRAILER":
      return headerOperator(arg, command, (e) => e.responseTrailers);
    case "START_TIME": {
      if (arg === null) return (e) => defaultStartTime(e.info.startTimeNanos);
      const problem = checkStartTimeFormat(arg);
      if (problem) throw new LogFormatError(problem);
      return (e) => formatStartTime(arg, e.info.startTimeNanos);
    }
  }
  noArg();
  switch (command) {
    case "PROTOCOL":
      return (e) => e.info.protocol;
    case "RESPONSE_CODE":
      return (e) => e.info.responseCode ?? 0;
    case "RESPONSE_CODE_DETAILS":
      return (e) => e.info.responseCodeDetails;
    case "RESPONSE_FLAGS":
      return (e) => responseFlags(e.info.responseCodeDetails);
    case "DURATION":
      return (e) => millis(e.endNanos - e.info.startTimeNanos);
    case "REQUEST_DURATION":
      return (e) =>
        e.info.requestCompleteNanos === null ? null : millis(e.info.requestCompleteNanos - e.info.startTimeNanos);
    case "BYTES_RECEIVED":
      return (e) => e.info.bytesReceived;
    case "BYTES_SENT":
      return (e) => e.info.bytesSent;
    case "UPSTREAM_HOST":
      return (e) => e.info.upstream?.address ?? null;
    case "UPSTREAM_CLUSTER":
      return (e) => e.info.clusterName;
    case "ROUTE_NAME":
      return (e) => e.info.routeName;
    case "CONNECTION_ID":
      return (e) => e.info.connectionId;
    case "DOWNSTREAM_REMOTE_ADDRESS":
    case "DOWNSTREAM_DIRECT_REMOTE_ADDRESS":
      return (e) => e.info.source.address;
    case "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT":
    case "DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT":
      return (e) => withoutPort(e.info.source.address);
    case "DOWNSTREAM_LOCAL_ADDRESS":
      return (e) => e.info.destination.address;
    case "DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT":
      return (e) => withoutPort(e.info.destination.address);
    case "DOWNSTREAM_LOCAL_PORT":
      return (e) => e.info.destination.port;
    case "HOSTNAME":
      return (e) => e.hostname;
    default:
      // Envoy's own message for an operator it does not know.
      throw new LogFormatError(`Not supported field in StreamInfo: ${command}`);
  }
}

const COMMAND = /^%([A-Z0-9_]+)(?:\(([^)]*)\))?(?::(\d+))?%/;

export class LogFormat {
  private constructor(
    private readonly pieces: Piece[],
    private readonly omitEmpty: boolean,
  ) {}

  /** Parses a format string; throws LogFormatError naming the position of a bad operator. */
  static parse(format: string, omitEmptyValues = false): LogFormat {
    const pieces: Piece[] = [];
    let text = "";
    for (let i = 0; i < format.length; ) {
      if (format[i] !== "%") {
        text += format[i++];
        continue;
      }
      const m = COMMAND.exec(format.slice(i));
      if (!m)
        throw new LogFormatError(`Incorrect configuration: ${format}. Couldn't find valid command at position ${i}`);
      if (text) pieces.push(text);
      text = "";
      pieces.push({ op: operatorFor(m[1], m[2] ?? null), maxLength: m[3] !== undefined ? Number(m[3]) : null });
      i += m[0].length;
    }
    if (text) pieces.push(text);
    return new LogFormat(pieces, omitEmptyValues);
  }

  format(entry: AccessLogEntry): string {
    let out = "";
    for (const p of this.pieces) {
      if (typeof p === "string") {
        out += p;
        continue;
      }
      const v = p.op(entry);
      let s = v === null || v === "" ? (this.omitEmpty ? "" : "-") : String(v);
      if (p.maxLength !== null && s !== "-") s = s.slice(0, p.maxLength);
      out += s;
    }
    return out;
  }
}
