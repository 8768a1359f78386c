// `gatewasm dev`: builds, runs the gateway with --watch, rebuilds on a change under src/; the
// gateway answers with the new build within seconds, and keeps the last good one when a build
// fails. The build here is a small script choosing between two real modules by a source file.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpbin, type HttpbinServer } from "@gatewasm/host";
import { gatewasm, listening, proxyModule, ROOT, startGatewasm, tempDir, wat } from "./support/cli.js";

const SEED_YAML = join(ROOT, "packages/host/test/fixtures/seed-envoy.yaml");
const HELLO = join(ROOT, "plugins/hello-world/build/plugin.wasm");

const tmp = tempDir("dev");
let httpbin: HttpbinServer;
beforeAll(async () => {
  httpbin = await startHttpbin();
});
afterAll(() => {
  tmp.remove();
  return httpbin?.stop();
});

/** Asks until the answer is no longer `old`; every answer meanwhile must be a 200. */
async function nextAnswer(url: string, old: string): Promise<string> {
  for (;;) {
    const res = await fetch(`${url}/get`);
    expect(res.status).toBe(200);
    const body = await res.text();
    if (body !== old) return body;
  }
}

describe("gatewasm dev", () => {
  it("rebuilds on a source change and the gateway serves the new build; a failed build keeps the last good one", async () => {
    const dir = tmp.dir;
    mkdirSync(join(dir, "src"));
    mkdirSync(join(dir, "build"));
    writeFileSync(join(dir, "pass.wasm"), await wat(proxyModule()));
    writeFileSync(join(dir, "src", "answer.txt"), "hello\n");
    writeFileSync(
      join(dir, "build.mjs"),
      `import { copyFileSync, readFileSync, renameSync } from "node:fs";
const answer = readFileSync("src/answer.txt", "utf8").trim();
if (answer === "broken") { console.error("build.mjs: src/answer.txt does not compile"); process.exit(1); }
copyFileSync(answer === "hello" ? ${JSON.stringify(HELLO)} : "pass.wasm", "build/plugin.wasm.tmp");
renameSync("build/plugin.wasm.tmp", "build/plugin.wasm");
`,
    );
    const run = startGatewasm(
      [
        "dev",
        "--build",
        "node build.mjs",
        "--",
        SEED_YAML,
        "--listen",
        "127.0.0.1:0",
        "--admin",
        "off",
        "--cluster",
        `httpbin=${httpbin.address}`,
        "--wasm",
        "/etc/envoy/main.wasm=build/plugin.wasm",
      ],
      { cwd: dir },
    );
    try {
      const url = await listening(run);
      expect(await (await fetch(`${url}/get`)).text()).toBe("hello world");
      writeFileSync(join(dir, "src", "answer.txt"), "pass\n");
      const proxied = await nextAnswer(url, "hello world");
      expect(JSON.parse(proxied).url).toMatch(/\/get$/);
      writeFileSync(join(dir, "src", "answer.txt"), "broken\n");
      while (!run.stderr.includes("the build failed; the gateway keeps the last good module"))
        await new Promise((r) => setTimeout(r, 25));
      expect(JSON.parse(await (await fetch(`${url}/get`)).text()).url).toMatch(/\/get$/);
      writeFileSync(join(dir, "src", "answer.txt"), "hello\n");
      expect(await nextAnswer(url, proxied)).toBe("hello world");
      expect(run.stderr).toMatch(/build\.mjs: src\/answer\.txt does not compile/);
    } finally {
      run.child.kill("SIGTERM");
    }
    expect(await run.exit).toBe(0);
  });

  it("stops with the reason when the first build fails", () => {
    const dir = tempDir("dev-fail");
    try {
      const r = gatewasm(["dev", "--build", 'node -e "process.exit(3)"', "--", SEED_YAML], { cwd: dir.dir });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/the first build failed/);
    } finally {
      dir.remove();
    }
  });
});
