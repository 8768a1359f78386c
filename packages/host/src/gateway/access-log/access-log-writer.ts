// Writes one line per finished stream to each configured logger. Files are opened for append
// when the gateway starts (a path that cannot be opened stops it, as it stops Envoy) and
// written synchronously, so a line is in the file once the response is complete.
import { closeSync, openSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import type { AccessLogEntry } from "./log-format.js";
import type { AccessLogSpec } from "./access-log-spec.js";

/** Where stdout and stderr loggers write (tests capture them; the CLI uses the process's). */
export type StreamWrite = (target: "stdout" | "stderr", text: string) => void;

export const processStreams: StreamWrite = (target, text) => {
  (target === "stdout" ? process.stdout : process.stderr).write(text);
};

export class AccessLogWriter {
  private readonly fds = new Map<string, number>();
  readonly hostname = hostname();

  constructor(
    private readonly specs: readonly AccessLogSpec[],
    private readonly write: StreamWrite,
  ) {
    try {
      for (const s of specs)
        if (s.sink.kind === "file" && !this.fds.has(s.sink.path)) this.fds.set(s.sink.path, openSync(s.sink.path, "a"));
    } catch (e) {
      this.close();
      throw new Error(`access log: ${(e as Error).message}`);
    }
  }

  get empty(): boolean {
    return this.specs.length === 0;
  }

  log(entry: AccessLogEntry): void {
    for (const s of this.specs) {
      const line = s.format.format(entry);
      if (s.sink.kind === "file") writeSync(this.fds.get(s.sink.path)!, line);
      else this.write(s.sink.kind, line);
    }
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}
