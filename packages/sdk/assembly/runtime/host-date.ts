// `Date.now()` without the host import AssemblyScript would add (env.Date.now, which Envoy does
// not provide): asconfig.base.json aliases `Date` to HostDate with `--use Date=`.
import { proxy_get_current_time_nanoseconds } from "../abi/imports";
import { RETURN_EXTRA } from "../abi/memory";
import { Date as StdDate } from "date";

/** `Date` with `Date.now()` read from the host clock; everything else is the standard Date. */
export class HostDate extends StdDate {
  static now(): i64 {
    proxy_get_current_time_nanoseconds(RETURN_EXTRA);
    return load<i64>(RETURN_EXTRA) / 1_000_000;
  }
}
