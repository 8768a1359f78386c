// Tick functions with their own periods (Higress's RegisterTickFunc). Envoy has one timer per
// root; the wrapper sets it to the greatest common divisor of the periods and runs each
// function when its period has elapsed (with half a timer period of slack, so a timer that
// fires a little early does not push a function to the next tick).
import { LogLevel } from "../abi/enums";
import { getCurrentTimeMilliseconds, setTickPeriodMilliseconds } from "../proxywasm/time";
import { log } from "../proxywasm/log";
import { TickFn } from "./callbacks";
import { pluginLog } from "./log";
import { Running, enterConfigCode, leaveConfigCode } from "../state/runtime-state";

abstract class TickEntry {
  lastRun: i64 = i64.MIN_VALUE;
  constructor(readonly periodMs: i64) {}
  abstract run(): void;
}

class TypedTickEntry<C> extends TickEntry {
  constructor(
    periodMs: i64,
    private readonly fn: TickFn<C>,
    private readonly config: C,
  ) {
    super(periodMs);
  }
  run(): void {
    enterConfigCode(changetype<Object>(this.config));
    this.fn(this.config, pluginLog);
    leaveConfigCode();
  }
}

export class TickSet {
  private entries: TickEntry[] = [];
  private timerMs: i64 = 0;

  clear(): void {
    this.entries = [];
  }

  add<C>(periodMs: i64, fn: TickFn<C>, config: C): void {
    this.entries.push(new TypedTickEntry<C>(periodMs < 1 ? 1 : periodMs, fn, config));
  }

  /** Sets the root's timer for the registered functions (or stops it); false if the host refused. */
  arm(): bool {
    let g: i64 = 0;
    for (let i = 0; i < this.entries.length; i++) g = gcd(g, unchecked(this.entries[i]).periodMs);
    const previous = this.timerMs;
    this.timerMs = g;
    if (g == 0) {
      if (previous != 0) setTickPeriodMilliseconds(0);
      return true;
    }
    if (setTickPeriodMilliseconds(<u32>min<i64>(g, u32.MAX_VALUE)) != 0) {
      log(LogLevel.Error, "gatewasm: the host refused the tick period; tick functions will not run");
      return false;
    }
    return true;
  }

  run(): void {
    const now = getCurrentTimeMilliseconds();
    const slack = this.timerMs >> 1;
    for (let i = 0; i < this.entries.length; i++) {
      const e = unchecked(this.entries[i]);
      if (e.lastRun == i64.MIN_VALUE || now - e.lastRun >= e.periodMs - slack) {
        e.lastRun = now;
        e.run();
      }
    }
  }
}

function gcd(a: i64, b: i64): i64 {
  while (b != 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/**
 * Runs `fn(config, log)` every `periodMs` milliseconds on each worker; call it from parseConfig
 * (`config` is the config being parsed). Registrations are replaced at every reconfigure.
 *
 *   registerTickFunc<MyConfig>(1000, refreshToken);
 */
export function registerTickFunc<C>(periodMs: i64, fn: TickFn<C>): bool {
  // A configure in progress fills Running.tickSet; its parser runs with Running.config set.
  const set = Running.tickSet;
  const config = Running.config;
  if (set === null || !(config instanceof C)) {
    log(LogLevel.Error, "gatewasm: registerTickFunc must be called from parseConfig (with the plugin's config type)");
    return false;
  }
  changetype<TickSet>(set).add<C>(periodMs, fn, changetype<C>(config));
  return true;
}
