// A plugin outside the monorepo, as a user gets one before anything is on npm: every package
// packed with `pnpm pack`, an empty folder that installs the CLI and @gatewasm/create-plugin from
// those tarballs (npm `overrides` map @gatewasm/* to them), `npx gatewasm new my-plugin --from
// hello-world`, then in the new project `npm install` (assemblyscript and vitest from the
// registry), `npm run build` and `npm test` as generated.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./support/cli.js";
import { readmeSection } from "./support/readme.js";
import { pnpmCommand } from "./support/repo-copy.js";

const tmp = tempDir("standalone");
afterAll(() => tmp.remove());
const packs = join(tmp.dir, "packs");
const work = join(tmp.dir, "work");
const project = join(work, "my-plugin");
const env: NodeJS.ProcessEnv = {
  ...process.env,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  NO_COLOR: "1",
};
delete env.FORCE_COLOR;
// Run as a user would, not as part of this workspace's pnpm scripts.
for (const key of Object.keys(env)) if (key.startsWith("npm_") && !key.startsWith("npm_config_")) delete env[key];

const PACKAGES = {
  "@gatewasm/sdk": "packages/sdk",
  "@gatewasm/host": "packages/host",
  "@gatewasm/cli": "tools/cli",
  "@gatewasm/create-plugin": "tools/create-plugin",
};
const tarballs: Record<string, string> = {};

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, {
    cwd,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** `file:` specs of the tarballs, for dependencies and overrides alike. */
function fileSpecs(from: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tarballs).map(([name, tgz]) => [
      name,
      `file:${join(from === work ? "../packs" : "../../packs", tgz)}`,
    ]),
  );
}

beforeAll(() => {
  mkdirSync(packs, { recursive: true });
  mkdirSync(work, { recursive: true });
  const [bin, ...pre] = pnpmCommand();
  for (const [name, dir] of Object.entries(PACKAGES)) {
    const out = execFileSync(bin, [...pre, "pack", "--pack-destination", packs], {
      cwd: join(ROOT, dir),
      encoding: "utf8",
    });
    tarballs[name] = out.trim().split("\n").at(-1)!.trim().split("/").at(-1)!;
  }
}, 120_000);

describe("a standalone plugin project from the packed tarballs only", () => {
  it("installs the CLI and create-plugin in an empty folder from their tarballs", () => {
    expect(readdirSync(work)).toEqual([]);
    const specs = fileSpecs(work);
    writeFileSync(
      join(work, "package.json"),
      JSON.stringify(
        {
          name: "workspace-of-a-user",
          private: true,
          devDependencies: {
            "@gatewasm/cli": specs["@gatewasm/cli"],
            "@gatewasm/create-plugin": specs["@gatewasm/create-plugin"],
          },
          overrides: specs,
        },
        null,
        2,
      ),
    );
    run("npm", ["install"], work);
    expect(readdirSync(join(work, "node_modules/@gatewasm")).sort()).toEqual(["cli", "create-plugin", "host"]);
  }, 300_000);

  it("npx gatewasm new my-plugin --from hello-world makes the project, names the leftover lines, and says what to run next", () => {
    // The commands the README gives for a plugin of your own.
    const section = readmeSection("Use a published plugin");
    expect(section).toContain("npx gatewasm new my-plugin --from hello-world");
    expect(section).toContain("cd my-plugin && npm install && npm run build && npm test");
    const out = run("npx", ["gatewasm", "new", "my-plugin", "--from", "hello-world"], work);
    expect(out).toContain(
      'created my-plugin: my-plugin 0.0.0 from the hello-world sample, for envoy (package.json "gatewasm".flavor)',
    );
    expect(out).toContain("  cd my-plugin\n  npm install\n  npm run build");
    const files = run("find", [".", "-type", "f"], project)
      .trim()
      .split("\n")
      .map((f) => f.slice(2))
      .sort();
    expect(files).toEqual([
      ".gitignore",
      "CHANGELOG.md",
      "README.md",
      "README_ZH.md",
      "asconfig.json",
      "config/default.json",
      "docker-compose.yaml",
      "envoy.yaml",
      "package.json",
      "spec.yaml",
      "src/plugin.ts",
      "test/integration/gateway.test.ts",
      "test/unit/build.test.ts",
      "test/unit/plugin.test.ts",
      "vitest.config.ts",
    ]);
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    const version = (dir: string) => JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")).version;
    expect(pkg.name).toBe("my-plugin");
    expect(pkg.devDependencies).toEqual({
      "@gatewasm/cli": version("tools/cli"),
      "@gatewasm/sdk": version("packages/sdk"),
      "@gatewasm/host": version("packages/host"),
      assemblyscript: "0.28.20",
      vitest: "4.1.12",
    });
    expect(Object.keys(pkg.scripts).sort()).toEqual(["build", "dev", "pack", "test"]);
    expect(pkg.gatewasm).toEqual({ flavor: "envoy", budget: 65_536 });
    for (const field of ["repository", "homepage", "bugs", "publishConfig"]) expect(pkg).not.toHaveProperty(field);
    expect(JSON.parse(readFileSync(join(project, "asconfig.json"), "utf8")).extends).toBe(
      "./node_modules/@gatewasm/sdk/asconfig.base.json",
    );
    // The copied tests say what they are; the sample's own build checks (8 KB) are not copied.
    expect(readFileSync(join(project, "test/unit/plugin.test.ts"), "utf8")).toMatch(
      /^\/\/ Copied from the hello-world sample by `gatewasm new`/,
    );
    expect(readFileSync(join(project, "test/unit/build.test.ts"), "utf8")).not.toContain("8 * 1024");
    // Every line listed mentions the sample, and every line that does is listed.
    const listed = new Map(
      [...out.matchAll(/^ {2}my-plugin\/(\S+): lines? ([\d, ]+)$/gm)].map((m) => [m[1], m[2].split(", ").map(Number)]),
    );
    expect(listed.get("src/plugin.ts")).toEqual([1, 8]);
    for (const file of files) {
      const lines = readFileSync(join(project, file), "utf8").split("\n");
      const mentioning = lines.flatMap((l, i) =>
        /hello[- _]?world/i.test(l) && !l.includes("by `gatewasm new`") ? [i + 1] : [],
      );
      expect(listed.get(file) ?? [], file).toEqual(mentioning);
    }
  }, 120_000);

  it("npm install in the project takes @gatewasm/* from the tarballs and the rest from the registry", () => {
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    const specs = fileSpecs(project);
    // Before the first release, the tarballs stand in for the registry's @gatewasm packages.
    for (const name of ["@gatewasm/sdk", "@gatewasm/host", "@gatewasm/cli"]) pkg.devDependencies[name] = specs[name];
    pkg.overrides = specs;
    writeFileSync(join(project, "package.json"), JSON.stringify(pkg, null, 2));
    run("npm", ["install"], project);
    expect(existsSync(join(project, "node_modules/@gatewasm/sdk/asconfig.base.json"))).toBe(true);
    expect(existsSync(join(project, "node_modules/.bin/asc"))).toBe(true);
  }, 600_000);

  it("npm run build compiles it and checks it for envoy within its budget", () => {
    const out = run("npm", ["run", "build"], project);
    expect(out).toMatch(/build\/plugin\.wasm: loads on envoy \([\d,]+ of 65,536 bytes\)/);
    const wasm = readFileSync(join(project, "build/plugin.wasm"));
    expect(wasm.includes(Buffer.from("my-plugin", "utf16le"))).toBe(true);
  }, 300_000);

  it("npm test passes as generated", () => {
    const out = run("npm", ["test"], project);
    expect(out).toMatch(/Test Files +3 passed \(3\)/);
    expect(out).toMatch(/Tests +\d+ passed/);
    expect(out).not.toMatch(/failed|skipped/);
  }, 300_000);

  it("npm create's bin (@gatewasm/create-plugin) makes a project from hello-world by default", () => {
    const out = run("npx", ["create-plugin", "second-plugin", "--flavor", "higress"], work);
    expect(out).toContain(
      'created second-plugin: second-plugin 0.0.0 from the hello-world sample, for higress (package.json "gatewasm".flavor)',
    );
    const pkg = JSON.parse(readFileSync(join(work, "second-plugin/package.json"), "utf8"));
    expect(pkg.gatewasm.flavor).toBe("higress");
    expect(pkg.scripts.dev).toContain("--flavor higress");
  }, 120_000);
});
