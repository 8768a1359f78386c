// @gatewasm/host/engine is what the playground bundles into a browser page: nothing it loads
// may import a `node:` module (or any package), and its exports must be the engine's own.
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as engine from "../src/engine.js";
import * as host from "../src/index.js";
import * as internal from "../src/internal.js";

const src = join(dirname(fileURLToPath(import.meta.url)), "../src");

/** Every module specifier the emitted JavaScript of `file` keeps (type-only imports are gone). */
function runtimeSpecifiers(file: string): string[] {
  const js = ts.transpileModule(readFileSync(file, "utf8"), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  }).outputText;
  const found: string[] = [];
  for (const m of js.matchAll(
    /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g,
  )) {
    found.push(m[1] ?? m[2] ?? m[3]);
  }
  return found;
}

function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (graph.has(file)) continue;
    const specs = runtimeSpecifiers(file);
    graph.set(file, specs);
    for (const s of specs) if (s.startsWith(".")) queue.push(resolve(dirname(file), s.replace(/\.js$/, ".ts")));
  }
  return graph;
}

describe("@gatewasm/host/engine", () => {
  it("loads no node: module and no package, directly or through what it imports", () => {
    const graph = importGraph(join(src, "engine.ts"));
    const outside = [...graph].flatMap(([file, specs]) =>
      specs.filter((s) => !s.startsWith(".")).map((s) => `${relative(src, file)} -> ${s}`),
    );
    expect(outside).toEqual([]);
    // The walk itself must have found the engine (a broken walk would pass the check above).
    expect(graph.size).toBeGreaterThan(40);
    expect([...graph.keys()].map((f) => relative(src, f))).toContain("stream/filter-manager.ts");
  });

  it("the node entry's test kit does import node: modules (so the walk can see them)", () => {
    const graph = importGraph(join(src, "testkit/test-host.ts"));
    const nodeImports = [...graph.values()].flat().filter((s) => s.startsWith("node:"));
    expect(nodeImports).toContain("node:fs/promises");
  });

  it("exports the same engine classes as the node entries (public and internal)", () => {
    const node: Record<string, unknown> = { ...internal, ...host };
    for (const name of [
      "CompiledPlugin",
      "PluginVm",
      "HostProcess",
      "FilterManager",
      "StreamInfo",
      "HeaderMap",
      "linkVerdict",
      "readWasmModule",
      "PendingHttpCall",
      "PendingRedisCall",
      "TestHttpStream",
    ] as const) {
      expect(engine[name], name).toBe(node[name]);
    }
  });
});
