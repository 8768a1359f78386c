// The test kit's dispatcher: nothing runs on its own. Posted work (on_queue_ready, answers from
// a synchronous httpCalls handler) runs when the test kit finishes the event a test drove (each
// callOn…, respond, tick), as a worker's dispatcher would run it after the current event.
// Time is a clock the test moves (TestHost.advanceTime): tick timers and http_call timeouts
// fire when it passes their due time, or tick timers all at once when the test calls tick().
import type { Dispatcher, TimerHandle } from "../plugin/dispatcher.js";

interface ManualTimer {
  periodMs: number;
  /** When it fires next, on the test clock. */
  dueMs: number;
  fn: () => void;
}

export class ManualDispatcher implements Dispatcher {
  private readonly posted: (() => void)[] = [];
  private readonly timers = new Set<ManualTimer>();
  /** Milliseconds the test has advanced the clock since the host started. */
  nowMs = 0;

  post(fn: () => void): void {
    this.posted.push(fn);
  }

  every(periodMs: number, fn: () => void): TimerHandle {
    const timer = { periodMs, dueMs: this.nowMs + periodMs, fn };
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
    for (const t of timers) {
      t.dueMs = this.nowMs + t.periodMs;
      t.fn();
    }
    return timers.length > 0;
  }

  /** The earliest timer due at or before `limitMs`, if any. */
  nextTimerDue(limitMs: number): ManualTimer | undefined {
    let next: ManualTimer | undefined;
    for (const t of this.timers) if (t.dueMs <= limitMs && (!next || t.dueMs < next.dueMs)) next = t;
    return next;
  }

  /** Fires one timer that is due and schedules its next turn. */
  fire(timer: ManualTimer): void {
    if (!this.timers.has(timer)) return;
    timer.dueMs += timer.periodMs;
    timer.fn();
  }
}
