// The loggers /logging lists and changes (Envoy's admin logs_handler.cc): `?level=L` sets every
// logger, `?<logger>=L` one of them. Of these, `wasm` decides which plugin log lines print and
// what proxy_get_log_level answers; the others name Envoy's components for scripts that set them.
import { LogLevel } from "../../abi/enums.js";

const LOGGER_NAMES = ["admin", "config", "connection", "http", "main", "router", "upstream", "wasm"] as const;
/** Envoy's level names, in order ("off" silences a logger). */
export const ENVOY_LEVELS = ["trace", "debug", "info", "warning", "error", "critical", "off"] as const;
export type EnvoyLevel = (typeof ENVOY_LEVELS)[number];

export class LoggingLevels {
  private readonly levels = new Map<string, EnvoyLevel>();

  constructor(wasm: LogLevel) {
    for (const name of LOGGER_NAMES) this.levels.set(name, "info");
    this.levels.set("wasm", ENVOY_LEVELS[wasm]);
  }

  /** The wasm logger's level: plugin lines below it are not printed ("off": 6, nothing is). */
  get wasm(): number {
    return ENVOY_LEVELS.indexOf(this.levels.get("wasm")!);
  }

  /** Applies a /logging query; returns an error message for an unknown logger or level. */
  apply(query: URLSearchParams): string | null {
    for (const [key, value] of query) {
      const level = value === "warn" ? "warning" : value;
      if (!(ENVOY_LEVELS as readonly string[]).includes(level))
        return `error: unknown logger level "${value}" (one of ${ENVOY_LEVELS.join(", ")})`;
      if (key !== "level" && !this.levels.has(key))
        return `error: unknown logger "${key}" (one of level, ${LOGGER_NAMES.join(", ")})`;
    }
    for (const [key, value] of query) {
      const level = (value === "warn" ? "warning" : value) as EnvoyLevel;
      if (key === "level") for (const name of this.levels.keys()) this.levels.set(name, level);
      else this.levels.set(key, level);
    }
    return null;
  }

  render(): string {
    return `active loggers:\n${[...this.levels].map(([name, level]) => `  ${name}: ${level}\n`).join("")}`;
  }
}
