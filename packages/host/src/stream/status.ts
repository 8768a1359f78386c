// How Envoy turns a callback's return value into a filter status under ABI 0.2.x
// (cpp-host context.cc convertVmCallResultTo*Status, then Envoy's convertFilter*Status).
import { DataStatus, HeaderStatus, TrailerStatus } from "../abi/enums.js";
import type { AbiVersion } from "../loader/host-function-table.js";

export function convertHeaderStatus(raw: number, abi: AbiVersion): HeaderStatus {
  if (raw > HeaderStatus.StopAllIterationAndWatermark) return HeaderStatus.StopAllIterationAndWatermark;
  // 0.2.x modules: StopIteration acts as StopAllIterationAndWatermark (Higress 0.2.100 keeps it).
  if (raw === HeaderStatus.StopIteration && abi !== "0_2_100") return HeaderStatus.StopAllIterationAndWatermark;
  // ContinueAndEndStream hits Envoy's `default:` branch and becomes Continue.
  if (raw === HeaderStatus.ContinueAndEndStream) return HeaderStatus.Continue;
  return raw as HeaderStatus;
}

export function convertDataStatus(raw: number): DataStatus {
  return raw > DataStatus.StopIterationNoBuffer ? DataStatus.StopIterationNoBuffer : (raw as DataStatus);
}

export function convertTrailerStatus(raw: number): TrailerStatus {
  return raw > TrailerStatus.StopIteration ? TrailerStatus.StopIteration : (raw as TrailerStatus);
}
