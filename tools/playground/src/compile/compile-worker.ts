// The compiler runs in a worker: asc takes seconds, and the page stays responsive meanwhile.
// The handler is installed before the compiler loads: binaryen initialises with a top-level
// await, and a message that arrives while a module worker awaits is dispatched then, to
// whatever handler exists (none, if the handler were set after a static import of asc).
import type { CompileRequest } from "./compile.js";

const compiler = import("./compile.js");

self.onmessage = async (event: MessageEvent<CompileRequest>) => {
  try {
    const { compilePlugin } = await compiler;
    const result = await compilePlugin(event.data);
    self.postMessage({ ok: true, result }, result.wasm ? { transfer: [result.wasm.buffer] } : {});
  } catch (e) {
    self.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
};
