// `gatewasm doctor` on a good build, on modules Envoy refuses, on broken ones, and against budgets.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WasmLoadError } from "@gatewasm/host";
import { linkModule } from "@gatewasm/host/internal";
import { pluginFolders } from "../src/plugin/workspace.js";
import { ROOT, gatewasm, proxyModule, tempDir, wat } from "./support/cli.js";

const HELLO = "plugins/hello-world/build/plugin.wasm";
const tmp = tempDir("doctor");
afterAll(() => tmp.remove());

async function fixture(name: string, text: string): Promise<string> {
  const file = join(tmp.dir, name);
  writeFileSync(file, await wat(text));
  return file;
}

/** The host's own refusal for a module, to check that doctor words it the same way. */
function hostRefusal(bytes: Uint8Array, flavor: "envoy" | "higress"): string {
  try {
    linkModule(bytes, flavor);
  } catch (e) {
    if (e instanceof WasmLoadError) return e.message;
    throw e;
  }
  return "";
}

describe("gatewasm doctor on a good build", () => {
  it("lists hello-world's imports and exports, its checks, and loads within its package.json budget", () => {
    const r = gatewasm(["doctor", HELLO]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^plugins\/hello-world\/build\/plugin\.wasm: [\d,]+ bytes, ABI 0\.2\.1, checked for envoy/,
    );
    expect(r.stdout).toMatch(
      /imports \(2\)\n {2}ok {2}env\.proxy_send_local_response +i32 i32 i32 i32 i32 i32 i32 i32 -> i32\n {2}ok {2}env\.proxy_log +i32 i32 i32 -> i32/,
    );
    expect(r.stdout).toMatch(/ok +proxy_abi_version_0_2_1 +void -> void/);
    expect(r.stdout).toMatch(/ok +memory +memory/);
    expect(r.stdout).toMatch(/ok +allocator malloc/);
    expect(r.stdout).toMatch(/ok +no start section/);
    expect(r.stdout).toMatch(/ok +size [\d,]+ bytes, budget 6,144 \(\d+%\)/);
    expect(r.stdout).toContain('(budget from plugins/hello-world/package.json "gatewasm".budget)');
    expect(r.stdout.trimEnd().endsWith("result: loads on envoy")).toBe(true);
    expect(r.stderr).toBe("");
  });

  it("says one line with --quiet, as plugin builds print it", () => {
    const r = gatewasm(["doctor", HELLO, "--quiet", "--flavor", "higress"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^plugins\/hello-world\/build\/plugin\.wasm: loads on higress \([\d,]+ of 6,144 bytes\)\n$/,
    );
  });
});

describe("gatewasm doctor on every plugin's build", () => {
  it.each(pluginFolders(ROOT))("%s loads on the flavor its package.json names, within its budget", (plugin) => {
    const { gatewasm: settings } = JSON.parse(readFileSync(join(ROOT, "plugins", plugin, "package.json"), "utf8"));
    expect(["envoy", "higress"]).toContain(settings.flavor);
    // The budgets of issue 19's sizes (bench/README.md: `pnpm bench` enforces them too).
    const budgets: Record<string, number> = {
      "hello-world": 6_144,
      mock: 30_720,
      "http-call": 36_864,
      "redis-ratelimit": 43_008,
    };
    expect(settings.budget).toBe(budgets[plugin] ?? 65_536);
    const r = gatewasm(["doctor", `plugins/${plugin}/build/plugin.wasm`]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().endsWith(`result: loads on ${settings.flavor}`)).toBe(true);
  });

  it("says redis-ratelimit is Higress-only under --flavor envoy, naming its Redis imports in Envoy's words", () => {
    const r = gatewasm(["doctor", "plugins/redis-ratelimit/build/plugin.wasm", "--flavor", "envoy", "--quiet"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("plugins/redis-ratelimit/build/plugin.wasm: would NOT load on envoy");
    expect(r.stderr).toContain("  - Failed to load Wasm module due to a missing import: env.proxy_redis_init\n");
    expect(r.stderr).toContain("  - Failed to load Wasm module due to a missing import: env.proxy_redis_call\n");
    expect(r.stderr).toContain("This module is Higress-only: it imports env.proxy_redis_init, env.proxy_redis_call");
  });
});

describe("gatewasm doctor on modules Envoy refuses", () => {
  let higressOnly: string;
  beforeAll(async () => {
    higressOnly = await fixture(
      "redis.wasm",
      proxyModule(`
      (import "env" "proxy_redis_init" (func (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
      (import "env" "proxy_redis_call" (func (param i32 i32 i32 i32 i32) (result i32)))
      (import "env" "abort" (func (param i32 i32 i32 i32)))
      (import "env" "proxy_log" (func (param i32 i32 i32) (result i32)))`),
    );
  });

  it("flags every import stock Envoy lacks, in Envoy's words, and calls the Redis ones Higress-only", () => {
    const r = gatewasm(["doctor", higressOnly, "--flavor", "envoy"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/HIGRESS +env\.proxy_redis_init/);
    expect(r.stderr).toMatch(/HIGRESS +env\.proxy_redis_call/);
    expect(r.stderr).toMatch(/MISSING +env\.abort/);
    expect(r.stderr).toMatch(/ok +env\.proxy_log/);
    expect(r.stderr).toContain("problems (3)");
    for (const name of ["proxy_redis_init", "proxy_redis_call", "abort"]) {
      expect(r.stderr).toContain(`  - Failed to load Wasm module due to a missing import: env.${name}\n`);
    }
    expect(r.stderr).toContain(
      "This module is Higress-only: it imports env.proxy_redis_init, env.proxy_redis_call, which only Higress's gateway provides.",
    );
    expect(r.stderr.trimEnd().endsWith("result: would NOT load on envoy")).toBe(true);
  });

  it("under --flavor higress flags only what Higress lacks too (AssemblyScript's default env.abort)", () => {
    const r = gatewasm(["doctor", higressOnly, "--flavor", "higress"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("problems (1)\n  - Failed to load Wasm module due to a missing import: env.abort\n");
    expect(r.stderr).not.toContain("Higress-only");
  });

  it("words an import signature mismatch exactly as the host's linker (Envoy) does", async () => {
    const text = proxyModule(`(import "env" "proxy_log" (func (param i32 i32) (result i32)))`);
    const file = await fixture("mismatch.wasm", text);
    const r = gatewasm(["doctor", file]);
    expect(r.status).toBe(1);
    const envoy = hostRefusal(await wat(text), "envoy");
    expect(envoy).toContain("import type mismatch");
    expect(r.stderr).toContain(`  - ${envoy}\n`);
    expect(r.stderr).toContain("env.proxy_log, want: i32 i32 -> i32, but host exports: i32 i32 i32 -> i32");
  });

  it("flags an exported callback with the wrong signature", async () => {
    const file = await fixture(
      "bad-export.wasm",
      proxyModule(`(func (export "proxy_on_request_headers") (param i32) (result i32) i32.const 0)`),
    );
    const r = gatewasm(["doctor", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/BAD +proxy_on_request_headers +i32 -> i32/);
    expect(r.stderr).toContain(
      "Bad function signature for: proxy_on_request_headers, want: i32 i32 i32 -> i32, but the module exports: i32 -> i32",
    );
  });

  it("refuses Higress's 0.2.100 marker on stock Envoy and accepts it on Higress", async () => {
    const file = await fixture(
      "abi100.wasm",
      `(module (memory (export "memory") 1) (func (export "proxy_abi_version_0_2_100"))
      (func (export "malloc") (param i32) (result i32) i32.const 8))`,
    );
    expect(gatewasm(["doctor", file, "--flavor", "envoy"]).stderr).toContain(
      "  - Missing or unknown Proxy-Wasm ABI version\n",
    );
    const higress = gatewasm(["doctor", file, "--flavor", "higress"]);
    expect(higress.status).toBe(0);
    expect(higress.stdout).toContain("ABI 0.2.100");
  });
});

describe("gatewasm doctor on broken modules", () => {
  it("says a file that is not WebAssembly is corrupted", () => {
    const file = join(tmp.dir, "text.wasm");
    writeFileSync(file, "this is not wasm\n");
    const r = gatewasm(["doctor", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("FAIL  a WebAssembly binary (magic, version and sections)");
    expect(r.stderr).toContain("  - Failed to parse corrupted Wasm module\n");
  });

  it("lists a missing ABI marker and a missing allocator together", async () => {
    const file = await fixture(
      "bare.wasm",
      `(module (memory (export "memory") 1) (func (export "proxy_on_tick") (param i32)))`,
    );
    const r = gatewasm(["doctor", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "problems (2)\n  - Missing or unknown Proxy-Wasm ABI version\n  - Wasm module is missing malloc function.\n",
    );
    expect(r.stderr).toMatch(/FAIL +ABI marker proxy_abi_version_0_2_1 \(none exported\)/);
  });

  it("accepts a start section whose function reaches no host import that needs a context", async () => {
    const file = await fixture(
      "start-quiet.wasm",
      proxyModule(`(import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
      (global $g (mut i32) (i32.const 0)) (func $init (global.set $g (i32.const 1))) (start $init)
      (func (export "proxy_on_tick") (param i32) (drop (call $log (i32.const 2) (i32.const 0) (i32.const 0))))`),
    );
    const r = gatewasm(["doctor", file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ok +start section reaches no host function that needs a context/);
    expect(r.stdout.trimEnd().endsWith("result: loads on envoy")).toBe(true);
    expect(hostRefusal(readFileSync(file), "envoy")).toBe("");
  });

  it("refuses a start section that can call a host import, naming it in the host's words", async () => {
    const file = await fixture(
      "start-loud.wasm",
      proxyModule(`(import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
      (func $helper (drop (call $log (i32.const 2) (i32.const 0) (i32.const 0)))) (func $init (call $helper)) (start $init)`),
    );
    const r = gatewasm(["doctor", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/FAIL +start section can call env\.proxy_log before the host has a context/);
    const refusal = hostRefusal(readFileSync(file), "envoy");
    expect(refusal).toContain("the start function can call env.proxy_log");
    expect(refusal).toContain("Build with --exportStart _initialize.");
    expect(r.stderr).toContain(`  - ${refusal}\n`);
  });

  it("reports code that does not validate with the host's compile error", async () => {
    const file = await fixture(
      "invalid.wasm",
      proxyModule(`(func (export "proxy_on_vm_start") (param i32 i32) (result i32) i64.const 1)`),
    );
    const r = gatewasm(["doctor", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ {2}- Failed to load Wasm module: .*Compiling function/);
  });
});

describe("gatewasm doctor and budgets", () => {
  it("fails a module over --budget while saying that it would load", () => {
    const r = gatewasm(["doctor", HELLO, "--budget", "4096"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/FAIL +size [\d,]+ bytes, budget 4,096/);
    expect(r.stderr).toMatch(/ {2}- The module is [\d,]+ bytes over its budget of 4,096 bytes\./);
    expect(r.stderr.trimEnd().endsWith("result: loads on envoy, but is over its size budget")).toBe(true);
  });

  it("gives a module outside a gatewasm package no budget unless --budget asks for one", async () => {
    const big = await fixture("big-foreign.wasm", proxyModule(`(data (i32.const 2048) "${"x".repeat(70_000)}")`));
    const r = gatewasm(["doctor", big]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ok +size [\d,]+ bytes \(no budget\)/);
    expect(r.stdout).toContain("(no budget: not in a gatewasm plugin's package, and no --budget)");
    const capped = gatewasm(["doctor", big, "--budget", "65536"]);
    expect(capped.status).toBe(1);
    expect(capped.stderr).toMatch(/bytes over its budget of 65,536 bytes\./);
  });

  it("reads flavor and budget from the package.json that holds the file", async () => {
    const pkg = join(tmp.dir, "pkg");
    mkdirSync(join(pkg, "build"), { recursive: true });
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({ name: "p", gatewasm: { flavor: "higress", budget: 64 } }),
    );
    writeFileSync(
      join(pkg, "build/plugin.wasm"),
      await wat(proxyModule(`(import "env" "proxy_redis_call" (func (param i32 i32 i32 i32 i32) (result i32)))`)),
    );
    const r = gatewasm(["doctor", "build/plugin.wasm"], { cwd: pkg });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("checked for higress");
    expect(r.stderr).toMatch(/ok +env\.proxy_redis_call/);
    expect(r.stderr).toContain('(budget from package.json "gatewasm".budget)');
    expect(r.stderr).toMatch(/over its budget of 64 bytes/);
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "p", gatewasm: { flavor: "istio" } }));
    const bad = gatewasm(["doctor", "build/plugin.wasm"], { cwd: pkg });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('gatewasm.flavor "istio": expected envoy or higress');
  });

  it("explains wrong arguments", () => {
    expect(gatewasm(["doctor"]).stderr).toContain("gatewasm doctor: give one .wasm file");
    expect(gatewasm(["doctor", HELLO, "--flavor", "nginx"]).status).toBe(2);
    expect(gatewasm(["doctor", HELLO, "--budget", "lots"]).stderr).toContain(
      "--budget lots: expected a number of bytes",
    );
    const missing = gatewasm(["doctor", "nowhere.wasm"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("cannot read nowhere.wasm: ENOENT");
  });
});

describe("gatewasm doctor on the foreign-module suite", () => {
  // The host's suite (solo-io proxy-runtime plugins and hand-written WAT): the host's own test
  // runs each in TestHost and the gateway; doctor must give the same verdict for each.
  const hostTests = join(ROOT, "packages/host/test");
  const suite: { name: string; refusedFor?: string[]; abortPathImports?: string[] }[] = JSON.parse(
    readFileSync(join(hostTests, "fixtures/foreign/suite.json"), "utf8"),
  );
  beforeAll(() => {
    execFileSync(process.execPath, [join(hostTests, "support/build-foreign.mjs")], { stdio: "inherit" });
  }, 300_000);

  it.each(suite)("$name: doctor agrees with the suite and with the host", (m) => {
    const file = join(hostTests, "fixtures/build/foreign", `${m.name}.wasm`);
    const r = gatewasm(["doctor", file]);
    const refusal = hostRefusal(readFileSync(file), "envoy");
    if (m.refusedFor === undefined) {
      expect(r.status).toBe(0);
      expect(refusal).toBe("");
      expect(r.stdout).toMatch(
        m.name.startsWith("wat-teapot")
          ? /ok +no start section/
          : /ok +start section reaches no host function that needs a context/,
      );
      expect(r.stdout).toContain("(no budget: not in a gatewasm plugin's package, and no --budget)");
      for (const name of m.abortPathImports ?? []) expect(r.stdout).toContain(name);
    } else {
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `FAIL +start section can call ${m.refusedFor.join(", ").replaceAll(".", "\\.")} before the host has a context`,
        ),
      );
      expect(r.stderr).toContain(`  - ${refusal}\n`);
      expect(r.stderr.trimEnd().endsWith("result: would NOT load on envoy")).toBe(true);
    }
  });
});
