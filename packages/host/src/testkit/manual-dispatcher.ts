// The test kit's dispatcher: nothing runs on its own. Posted work (on_queue_ready) runs when
// the test kit finishes the event a test drove (each callOn…, respond, tick), as a worker's
// dispatcher would run it after the current event; timers fire when the test calls tick().
import type { Dispatcher, TimerHandle } from "../plugin/dispatcher.js";

export class ManualDispatcher implements Dispatcher {
  private readonly posted: (() => void)[] = [];
  private readonly timers = new Set<{ periodMs: number; fn: () => void }>();

  post(fn: () => void): void {
    this.posted.push(fn);
  }

  every(periodMs: number, fn: () => void): TimerHandle {
    const timer = { periodMs, fn };
    this.timers.add(timer);
    return { cancel: () => this.timers.delete(timer) };
  }

  /** Runs posted work, including work posted while running it. */
  runPosted(): void {
    while (this.posted.length > 0) this.posted.shift()!();
  }

  /** Fires every timer once; false if none is set. */
  fireTimers(): boolean {
    const timers = [...this.timers];
    for (const t of timers) t.fn();
    return timers.length > 0;
  }
}
