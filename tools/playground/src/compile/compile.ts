// Compiles a plugin with AssemblyScript's compiler in the page: asc.main over a file system
// that lives in memory (the plugin's src/ files and the SDK's sources), with the flags of the
// plugin's release build. Diagnostics come back with the file, line and column they point at.
import asc from "assemblyscript/asc";
import { ascFlags, type AscOptions } from "./asc-flags.js";

export interface CompileRequest {
  /** src/<file> → text; src/plugin.ts is the entry. */
  files: Record<string, string>;
  /** The SDK's sources by virtual path (node_modules/@gatewasm/sdk/…). */
  sdkFiles: Record<string, string>;
  /** asconfig.base.json options, then the release target's (which win). */
  options: AscOptions;
}

export interface Diagnostic {
  /** "error" | "warning" | "info" */
  severity: string;
  code: number;
  message: string;
  /** src/plugin.ts, or the SDK file's path; undefined for a diagnostic about no file. */
  file?: string;
  /** 1-based. */
  line?: number;
  column?: number;
  /** Offsets in the file, for marking the span in the editor. */
  from?: number;
  to?: number;
}

export interface CompileResult {
  wasm: Uint8Array | null;
  diagnostics: Diagnostic[];
  /** asc's own output (its error summary), for what the diagnostics do not say. */
  stderr: string;
  millis: number;
}

const SEVERITY = ["info", "info", "warning", "error"];
const ENTRY = "src/plugin.ts";
const OUT = "build/plugin.wasm";

/** baseDir/name with `.` and `..` resolved, as asc's Node file system would see it. */
function normalize(name: string, baseDir: string): string {
  const parts: string[] = [];
  for (const part of `${baseDir}/${name}`.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/");
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  return { line, column: offset - last };
}

export async function compilePlugin(req: CompileRequest): Promise<CompileResult> {
  const started = performance.now();
  const fs = new Map<string, string>();
  for (const [name, text] of Object.entries(req.files)) fs.set(`src/${name}`, text);
  for (const [path, text] of Object.entries(req.sdkFiles)) fs.set(path, text);
  let wasm: Uint8Array | null = null;
  const diagnostics: Diagnostic[] = [];
  const fileOf = (normalizedPath: string) => {
    // asc names the user's files by their path and library files as ~lib/<package>/…
    const path = normalizedPath.startsWith("~lib/") ? `node_modules/${normalizedPath.slice(5)}` : normalizedPath;
    return fs.has(path) ? path : undefined;
  };
  // asc hands reportDiagnostic every diagnostic and applies disableWarning only to what it
  // prints, so the page applies it too: it shows what `asc --target release` shows.
  const disabled = req.options.disableWarning as number[] | undefined;
  const silenced = (severity: string, code: number) =>
    severity === "warning" && Array.isArray(disabled) && (disabled.length === 0 || disabled.includes(code));
  const argv = [ENTRY, ...ascFlags({ ...req.options, outFile: OUT })];
  const { error, stderr } = await asc.main(argv, {
    readFile: (name, baseDir) => fs.get(normalize(name, baseDir)) ?? null,
    writeFile: (name, contents, baseDir) => {
      if (normalize(name, baseDir) === OUT && typeof contents !== "string") wasm = contents;
    },
    listFiles: () => [],
    reportDiagnostic: (d) => {
      const out: Diagnostic = { severity: SEVERITY[d.category] ?? "error", code: d.code, message: d.message };
      if (silenced(out.severity, out.code)) return;
      const file = d.range ? fileOf(d.range.source.normalizedPath) : undefined;
      if (d.range && file) {
        const text = fs.get(file)!;
        Object.assign(out, {
          file: file.replace(/^node_modules\//, "~lib/"),
          ...lineAndColumn(text, d.range.start),
          from: d.range.start,
          to: d.range.end,
        });
        if (file.startsWith("src/")) out.file = file;
      }
      diagnostics.push(out);
    },
  });
  const hasError = diagnostics.some((d) => d.severity === "error");
  return {
    wasm: error || hasError ? null : wasm,
    diagnostics,
    stderr: stderr.toString(),
    millis: Math.round(performance.now() - started),
  };
}
