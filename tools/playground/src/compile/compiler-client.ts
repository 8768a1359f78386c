// The page's side of the compile worker: one worker, one compile at a time.
import { SDK_BASE_OPTIONS, SDK_FILES } from "../sdk-sources.js";
import type { CompileResult } from "./compile.js";

let worker: Worker | null = null;

export function compile(files: Record<string, string>, release: Record<string, unknown>): Promise<CompileResult> {
  worker ??= new Worker(new URL("./compile-worker.ts", import.meta.url), { type: "module" });
  const w = worker;
  return new Promise((resolve, reject) => {
    w.onmessage = (e: MessageEvent<{ ok: true; result: CompileResult } | { ok: false; message: string }>) => {
      if (e.data.ok) resolve(e.data.result);
      else reject(new Error(`the compiler failed: ${e.data.message}`));
    };
    w.onerror = (e) => reject(new Error(`the compiler failed: ${e.message}`));
    w.postMessage({ files, sdkFiles: Object.fromEntries(SDK_FILES), options: { ...SDK_BASE_OPTIONS, ...release } });
  });
}
