// How a callback's return value becomes the filter status Envoy acts on under ABI 0.2.x
// (cpp-host src/context.cc convertVmCallResultToFilter*Status, then Envoy context.cc
// convertFilter*Status). A local reply sent during the callback forces a Stop.
import { DataStatus, HeaderStatus, TrailerStatus } from "../abi/enums.js";

/**
 * Headers: a local reply or a value above 4 is StopAllIterationAndWatermark; StopIteration (1)
 * is too unless the module may stop iteration (Higress 0.2.100, allow_on_headers_stop_iteration);
 * ContinueAndEndStream (2) hits Envoy's `default:` and becomes Continue.
 */
export function convertHeaderStatus(raw: number, stopped: boolean, allowStopIteration: boolean): HeaderStatus {
  if (stopped || raw > HeaderStatus.StopAllIterationAndWatermark) return HeaderStatus.StopAllIterationAndWatermark;
  if (raw === HeaderStatus.StopIteration && !allowStopIteration) return HeaderStatus.StopAllIterationAndWatermark;
  if (raw === HeaderStatus.ContinueAndEndStream) return HeaderStatus.Continue;
  return raw as HeaderStatus;
}

/** Data: a local reply or a value above 3 is StopIterationNoBuffer. */
export function convertDataStatus(raw: number, stopped: boolean): DataStatus {
  return stopped || raw > DataStatus.StopIterationNoBuffer ? DataStatus.StopIterationNoBuffer : (raw as DataStatus);
}

/** Trailers: a local reply or a value above 1 is StopIteration. */
export function convertTrailerStatus(raw: number, stopped: boolean): TrailerStatus {
  return stopped || raw > TrailerStatus.StopIteration ? TrailerStatus.StopIteration : (raw as TrailerStatus);
}
