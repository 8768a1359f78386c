// What one HCM access_log entry becomes after parsing: where lines go and how they are
// formatted. Plain data, apart from the parser, so the config model can hold it without
// importing the parser (which reads the config model's typed-config helpers).
import type { LogFormat } from "./log-format.js";

export type AccessLogSink = { kind: "stdout" } | { kind: "stderr" } | { kind: "file"; path: string };

export interface AccessLogSpec {
  sink: AccessLogSink;
  format: LogFormat;
}
