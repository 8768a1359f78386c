// A worker's event dispatcher (Envoy's Event::Dispatcher) as the host needs it: post work to
// run after the current event, and repeating timers for ticks.

export interface TimerHandle {
  cancel(): void;
}

export interface Dispatcher {
  /** Runs `fn` after the current event (Envoy dispatcher post: shared queue notifications). */
  post(fn: () => void): void;
  /** Calls `fn` every `periodMs` until cancelled (Envoy's tick timer). */
  every(periodMs: number, fn: () => void): TimerHandle;
}

/** The real event loop: what the gateway's workers use. */
export class EventLoopDispatcher implements Dispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();

  post(fn: () => void): void {
    setImmediate(fn);
  }

  every(periodMs: number, fn: () => void): TimerHandle {
    const t = setInterval(fn, periodMs);
    this.timers.add(t);
    return {
      cancel: () => {
        clearInterval(t);
        this.timers.delete(t);
      },
    };
  }

  /** Stops every timer (the worker is shutting down). */
  close(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
  }
}
