// The page: pick a sample, edit it, Run (compile in a worker, check as doctor does, run on the
// request in the host engine), share the work as a link, download the result.
import "./buffer-global.js";
import { linkVerdict, type HeaderPair, type HttpCallResponse, type RespValue } from "@gatewasm/host/engine";
import { compile } from "./compile/compiler-client.js";
import type { CompileResult } from "./compile/compile.js";
import { runPlugin } from "./run/run-plugin.js";
import type { HttpReplyScript } from "./run/scripted-clusters.js";
import { SAMPLE_ORDER, SAMPLES, type Sample } from "./samples.js";
import { createEditor } from "./ui/editor.js";
import { pluginFolder, saveFile, zipFolder } from "./ui/downloads.js";
import { showCompile, showError, showRun, showVerdict } from "./ui/result-view.js";
import { decodeState, encodeState, type PageState } from "./ui/url-state.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const sampleSelect = $<HTMLSelectElement>("sample");
const fileSelect = $<HTMLSelectElement>("file");
const runButton = $<HTMLButtonElement>("run");
const wasmButton = $<HTMLButtonElement>("download-wasm");
const folderButton = $<HTMLButtonElement>("download-folder");
const share = $<HTMLAnchorElement>("share");
const status = $<HTMLSpanElement>("status");
const result = $<HTMLElement>("result");
const fields = {
  method: $<HTMLInputElement>("method"),
  path: $<HTMLInputElement>("path"),
  headers: $<HTMLTextAreaElement>("headers"),
  body: $<HTMLTextAreaElement>("body"),
  httpReply: $<HTMLTextAreaElement>("http-reply"),
  redisReplies: $<HTMLTextAreaElement>("redis-replies"),
  upstreamResponse: $<HTMLTextAreaElement>("upstream-response"),
};

/** The sample's files as edited in this page. */
let files: Record<string, string> = {};
let currentFile = "plugin.ts";
let lastWasm: Uint8Array | null = null;
let loading = false;

const source = createEditor($("source-editor"), "Source", "typescript", () => {
  if (loading) return;
  files[currentFile] = source.text;
  saveState();
});
const config = createEditor($("config-editor"), "Configuration", "json", () => {
  if (!loading) saveState();
});
for (const f of Object.values(fields)) f.addEventListener("input", () => saveState());

for (const name of SAMPLE_ORDER) if (SAMPLES.has(name)) sampleSelect.append(new Option(name, name));

function sample(): Sample {
  return SAMPLES.get(sampleSelect.value)!;
}

function currentState(): PageState {
  return {
    sample: sampleSelect.value,
    file: currentFile,
    files,
    config: config.text,
    request: {
      method: fields.method.value,
      path: fields.path.value,
      headers: fields.headers.value,
      body: fields.body.value,
    },
    httpReply: fields.httpReply.value,
    redisReplies: fields.redisReplies.value,
    upstreamResponse: fields.upstreamResponse.value,
  };
}

function saveState(): void {
  const hash = encodeState(currentState());
  history.replaceState(null, "", hash);
  share.href = hash;
}

function showFile(name: string): void {
  loading = true;
  currentFile = name;
  fileSelect.value = name;
  source.text = files[name] ?? "";
  source.mark([]);
  loading = false;
}

function load(state: PageState): void {
  loading = true;
  sampleSelect.value = state.sample;
  files = { ...state.files };
  fileSelect.replaceChildren(
    ...Object.keys(files)
      .sort((a, b) => (a === "plugin.ts" ? -1 : b === "plugin.ts" ? 1 : a < b ? -1 : 1))
      .map((f) => new Option(f, f)),
  );
  config.text = state.config;
  fields.method.value = state.request.method;
  fields.path.value = state.request.path;
  fields.headers.value = state.request.headers;
  fields.body.value = state.request.body;
  fields.httpReply.value = state.httpReply;
  fields.redisReplies.value = state.redisReplies;
  fields.upstreamResponse.value = state.upstreamResponse;
  loading = false;
  showFile(Object.hasOwn(files, state.file) ? state.file : "plugin.ts");
  lastWasm = null;
  wasmButton.disabled = true;
}

function fromSample(name: string): PageState {
  const s = SAMPLES.get(name)!;
  return {
    sample: name,
    file: "plugin.ts",
    files: { ...s.files },
    config: s.config,
    request: { ...s.request },
    httpReply: s.httpReply,
    redisReplies: s.redisReplies,
    upstreamResponse: s.upstreamResponse,
  };
}

sampleSelect.addEventListener("change", () => {
  load(fromSample(sampleSelect.value));
  saveState();
  result.replaceChildren(Object.assign(document.createElement("h2"), { textContent: "Result" }));
});
fileSelect.addEventListener("change", () => showFile(fileSelect.value));

/** `name: value` lines as header pairs (names lower-cased, as HTTP/2 and Envoy carry them). */
function parseHeaders(text: string): HeaderPair[] {
  const out: HeaderPair[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const colon = line.indexOf(":", line.startsWith(":") ? 1 : 0);
    if (colon <= 0) throw new Error(`Headers, line ${i + 1}: expected "name: value", got "${line}"`);
    out.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  });
  return out;
}

function parseJson<T>(label: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`${label}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

function httpReplyOf(text: string): HttpReplyScript {
  const v = parseJson<unknown>("HTTP call reply", text);
  if (v === "timeout" || v === "connect-failure") return v;
  if (typeof v !== "object" || v === null || typeof (v as { status?: unknown }).status !== "number")
    throw new Error(
      'HTTP call reply: expected {"status": 200, "headers": {…}, "body": "…"}, "timeout" or "connect-failure"',
    );
  return v as HttpCallResponse;
}

function markErrors(r: CompileResult): void {
  const marks = r.diagnostics
    .filter((d) => d.file === `src/${currentFile}` && d.from !== undefined)
    .map((d) => ({
      from: d.from!,
      to: d.to!,
      severity:
        d.severity === "error"
          ? ("error" as const)
          : d.severity === "warning"
            ? ("warning" as const)
            : ("info" as const),
      message: `AS${d.code}: ${d.message}`,
    }));
  source.mark(marks);
}

async function run(): Promise<void> {
  runButton.disabled = true;
  status.textContent = "Compiling…";
  try {
    const s = sample();
    // Inputs first: a typo in a script should not cost a compile.
    const request = {
      method: fields.method.value.trim() || "GET",
      path: fields.path.value.trim() || "/",
      headers: parseHeaders(fields.headers.value),
      body: fields.body.value,
    };
    const httpReply = httpReplyOf(fields.httpReply.value);
    const redisReplies = parseJson<RespValue[]>("Redis replies", fields.redisReplies.value);
    if (!Array.isArray(redisReplies)) throw new Error("Redis replies: expected a JSON array of replies");
    const upstreamResponse = parseJson<HttpCallResponse>("Upstream response", fields.upstreamResponse.value);
    if (typeof upstreamResponse?.status !== "number")
      throw new Error('Upstream response: expected {"status": 200, "headers": {…}, "body": "…"}');
    if (!Object.hasOwn(files, "plugin.ts")) throw new Error("src/plugin.ts is missing: the sample's entry file");

    const compiled = await compile(files, s.release);
    showCompile(result, compiled);
    markErrors(compiled);
    lastWasm = compiled.wasm;
    wasmButton.disabled = lastWasm === null;
    if (!compiled.wasm) {
      status.textContent = "Compile errors";
      return;
    }
    status.textContent = "Running…";
    const verdict = linkVerdict(compiled.wasm, s.flavor);
    showVerdict(result, compiled.wasm.length, s.budget, s.flavor, verdict);
    const report = runPlugin({
      wasm: compiled.wasm,
      flavor: s.flavor,
      pluginName: s.name,
      config: config.text,
      ...request,
      httpReply,
      redisReplies,
      upstreamResponse,
    });
    showRun(result, report);
    status.textContent = "Done";
  } catch (e) {
    showError(result, e instanceof Error ? e.message : String(e));
    status.textContent = "Failed";
  } finally {
    runButton.disabled = false;
    saveState();
  }
}

runButton.addEventListener("click", () => void run());
wasmButton.addEventListener("click", () => {
  if (lastWasm) saveFile(`${sampleSelect.value}.wasm`, lastWasm, "application/wasm");
});
folderButton.addEventListener("click", () => {
  const s = sample();
  const folder = pluginFolder(s.name, s.flavor, files, config.text, lastWasm);
  saveFile(`${s.name}.zip`, zipFolder(s.name, folder), "application/zip");
});

const restored = decodeState(location.hash);
if (restored.state && SAMPLES.has(restored.state.sample)) load(restored.state);
else {
  load(fromSample("hello-world"));
  if (restored.error) showError(result, restored.error);
}
folderButton.disabled = false;
saveState();
