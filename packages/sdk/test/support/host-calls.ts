// Records the host calls a plugin makes, by name, so a test can tell what the SDK sent from what
// the host kept (the host drops log lines below its level either way). Wraps the imports of the
// VM created while `start` runs; tests in a file run one at a time, so no other VM is caught.
import type { TestHost, TestHostOptions } from "@gatewasm/host";
import { start } from "./plugins.ts";

export interface CountedHost {
  host: TestHost;
  /** Host call names in order, since the start (clear it to count one step). */
  calls: string[];
}

export async function startCounted(
  name: string,
  config?: unknown,
  options: Omit<TestHostOptions, "wasm" | "config"> = {},
): Promise<CountedHost> {
  const calls: string[] = [];
  const original = WebAssembly.Instance;
  // biome-ignore lint/complexity/useArrowFunction: the host calls it with `new`, which an arrow function refuses.
  const counted = function (module: WebAssembly.Module, imports?: WebAssembly.Imports) {
    if (imports === undefined) return new original(module);
    const wrapped: WebAssembly.Imports = {};
    for (const [ns, fields] of Object.entries(imports)) {
      wrapped[ns] = Object.fromEntries(
        Object.entries(fields).map(([fn, value]) => [
          fn,
          typeof value === "function"
            ? (...args: unknown[]) => {
                calls.push(fn);
                return (value as (...a: unknown[]) => unknown)(...args);
              }
            : value,
        ]),
      );
    }
    return new original(module, wrapped);
  } as unknown as typeof WebAssembly.Instance;
  WebAssembly.Instance = counted;
  try {
    return { host: await start(name, config, options), calls };
  } finally {
    WebAssembly.Instance = original;
  }
}
