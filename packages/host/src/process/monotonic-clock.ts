// A monotonic clock in nanoseconds. Node's hrtime where there is one; in a browser page (the
// playground runs the engine there) performance.now(), whose microseconds are enough for the
// stream timings the engine records.
export function monotonicNanos(): bigint {
  const hrtime = globalThis.process?.hrtime;
  if (hrtime) return hrtime.bigint();
  return BigInt(Math.round(performance.now() * 1e6));
}
