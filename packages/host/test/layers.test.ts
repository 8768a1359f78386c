// The layer rule (.dependency-cruiser.cjs, run by `pnpm lint`): the host's sources keep it, it
// fires on the three mistakes it exists for, and the order it enforces is the one index.ts and
// docs/architecture.md state.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const PACKAGE = fileURLToPath(new URL("..", import.meta.url));
const CONFIG = join(PACKAGE, ".dependency-cruiser.cjs");
// The package's own devDependency (its exports map hides package.json from require.resolve).
const DEPCRUISE = join(PACKAGE, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
const LAYERS = [
  ...(/const LAYERS = \[([^\]]*)\]/.exec(readFileSync(CONFIG, "utf8"))?.[1] ?? "").matchAll(/"([a-z]+)"/g),
].map((m) => m[1]);

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function cruise(cwd: string): { violations: Violation[]; modules: number } {
  const run = spawnSync(process.execPath, [DEPCRUISE, "src", "--config", CONFIG, "--output-type", "json"], {
    cwd,
    encoding: "utf8",
  });
  if (!run.stdout) throw new Error(`depcruise printed nothing (exit ${run.status}): ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return { violations: report.summary.violations, modules: report.summary.totalCruised };
}

describe("host layers", () => {
  const fixtures: string[] = [];
  afterAll(() => {
    for (const dir of fixtures) rmSync(dir, { recursive: true, force: true });
  });

  it("src/ has no cycle and no import that runs up the layer order", () => {
    const { violations, modules } = cruise(PACKAGE);
    expect(violations).toEqual([]);
    expect(modules).toBeGreaterThan(100);
  });

  it("the rule catches an upward import, a cycle and a folder that is not a layer", () => {
    const dir = mkdtempSync(join(tmpdir(), "gatewasm-layers-"));
    fixtures.push(dir);
    const file = (path: string, text: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    file(
      "tsconfig.build.json",
      JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true } }),
    );
    file("src/abi/enums.ts", `export const A = 1;\n`);
    file("src/gateway/gateway.ts", `import { A } from "../abi/enums.js";\nexport const G = A;\n`);
    file("src/abi/uses-gateway.ts", `import { G } from "../gateway/gateway.js";\nexport const U = G;\n`);
    file("src/plugin/a.ts", `import type { B } from "./b.js";\nexport type A = B | 1;\n`);
    file("src/plugin/b.ts", `import type { A } from "./a.js";\nexport type B = A | 2;\n`);
    file("src/misc/helper.ts", `import { A } from "../abi/enums.js";\nexport const H = A;\n`);
    const found = cruise(dir)
      .violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)
      .sort();
    expect(found).toEqual([
      // A cycle is reported once, at its first edge.
      "no-circular: src/plugin/a.ts -> src/plugin/b.ts",
      "no-unlisted-layer: src/misc/helper.ts -> src/abi/enums.ts",
      "no-upward-from-abi: src/abi/uses-gateway.ts -> src/gateway/gateway.ts",
    ]);
  });

  it("index.ts and docs/architecture.md state the order the rule enforces", () => {
    expect(LAYERS.length).toBeGreaterThan(10);
    const chain = LAYERS.join(" -> ");
    const oneLine = (text: string) => text.replace(/\s+/g, " ");
    const header = readFileSync(join(PACKAGE, "src/index.ts"), "utf8")
      .split("\n")
      .filter((l) => l.startsWith("//"))
      .map((l) => l.slice(2))
      .join(" ");
    expect(oneLine(header).includes(chain), `src/index.ts's header says: ${chain}`).toBe(true);
    const docs = oneLine(readFileSync(join(PACKAGE, "../../docs/architecture.md"), "utf8"));
    expect(docs.includes(chain), `docs/architecture.md (Host) says: ${chain}`).toBe(true);
  });
});
