// The published packages, as a user outside this repository gets them: each plugin's npm
// tarball holds what it promises, and the README's "Use a published plugin" works in an empty
// project that installs the tarballs (plugin, host, CLI, and the host's one dependency) with
// npm --offline and an empty cache, so nothing can come from a registry.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { pluginFolders } from "../src/plugin/workspace.js";
import { ROOT, listening, start, stop, tempDir } from "./support/cli.js";
import { codeBlocks, readmeSection } from "./support/readme.js";
import { pnpmCommand } from "./support/repo-copy.js";

const tmp = tempDir("published");
afterAll(() => tmp.remove());
const packs = join(tmp.dir, "packs");
const project = join(tmp.dir, "project");
const npmCache = join(tmp.dir, "npm-cache");
const env = {
  ...process.env,
  npm_config_cache: npmCache,
  npm_config_offline: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  NO_COLOR: "1",
};

/** `pnpm pack` of a workspace package (workspace: ranges become versions); the tarball's path. */
function pnpmPack(dir: string): string {
  const [bin, ...pre] = pnpmCommand();
  const out = execFileSync(bin, [...pre, "pack", "--pack-destination", packs], {
    cwd: join(ROOT, dir),
    encoding: "utf8",
  });
  return out.trim().split("\n").at(-1)!.trim();
}

const tarList = (tgz: string) => execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" }).trim().split("\n").sort();
const tarFile = (tgz: string, path: string) => execFileSync("tar", ["-xzOf", tgz, path]);

beforeAll(() => {
  mkdirSync(packs, { recursive: true });
  mkdirSync(project, { recursive: true });
});

describe("each plugin's npm package", () => {
  it.each(pluginFolders(ROOT))(
    "%s holds plugin.wasm, spec.yaml, READMEs, example configs, envoy.yaml and docker-compose.yaml, and no sources",
    (plugin) => {
      const dir = join(ROOT, "plugins", plugin);
      const tgz = pnpmPack(`plugins/${plugin}`);
      const files = tarList(tgz);
      const want = [
        "build/plugin.wasm",
        "spec.yaml",
        "README.md",
        "README_ZH.md",
        "envoy.yaml",
        "docker-compose.yaml",
        "CHANGELOG.md",
        "LICENSE",
        "package.json",
      ];
      let configs: string[] = [];
      try {
        configs = readdirSync(join(dir, "config")).map((f) => `config/${f}`);
      } catch {
        // a plugin without config/ keeps its example in spec.yaml
      }
      expect(files).toEqual([...want, ...configs].map((f) => `package/${f}`).sort());
      expect(tarFile(tgz, "package/build/plugin.wasm").equals(readFileSync(join(dir, "build/plugin.wasm")))).toBe(true);
      const pkg = JSON.parse(tarFile(tgz, "package/package.json").toString());
      expect(pkg.exports["./plugin.wasm"]).toBe("./build/plugin.wasm");
      expect(pkg.exports["./spec.yaml"]).toBe("./spec.yaml");
      expect(pkg.exports["./envoy.yaml"]).toBe("./envoy.yaml");
      if (configs.length > 0) expect(pkg.exports["./config/*"]).toBe("./config/*");
      expect(JSON.stringify(pkg)).not.toContain("workspace:");
      expect(pkg.gatewasm.budget).toBeGreaterThan(0);
    },
  );
});

describe('the README\'s "Use a published plugin", in an empty project', () => {
  const section = readmeSection("Use a published plugin");
  const sh = codeBlocks(section, "sh").join("\n");

  it("installs the plugin, the host and the CLI from their tarballs with no registry", () => {
    expect(sh).toContain("npm install @gatewasm/plugin-hello-world @gatewasm/host @gatewasm/cli\n");
    const tarballs = ["plugins/hello-world", "packages/host", "tools/cli"].map(pnpmPack);
    // The host's dependencies, packed from the local store rather than fetched.
    // (pnpm links each one into the host's node_modules; not every package exports its package.json.)
    const hostDeps = Object.keys(
      JSON.parse(readFileSync(join(ROOT, "packages/host/package.json"), "utf8")).dependencies,
    ).map((name) => {
      const dir = realpathSync(join(ROOT, "packages/host/node_modules", name));
      return join(
        packs,
        execFileSync("npm", ["pack", dir, "--ignore-scripts", "--pack-destination", packs], { env, encoding: "utf8" })
          .trim()
          .split("\n")
          .at(-1)!,
      );
    });
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "try-gatewasm", private: true, type: "module" }),
    );
    execFileSync("npm", ["install", ...tarballs, ...hostDeps], { cwd: project, env, encoding: "utf8" });
    // The CLI ships its bin and compiled code, not its sources or tests.
    expect(tarList(tarballs[2]).filter((f) => !/^package\/(bin|dist)\//.test(f))).toEqual([
      "package/LICENSE",
      "package/README.md",
      "package/package.json",
    ]);
    const cli = JSON.parse(readFileSync(join(project, "node_modules/@gatewasm/cli/package.json"), "utf8"));
    expect(cli.dependencies["@gatewasm/host"]).toBe(
      JSON.parse(readFileSync(join(ROOT, "packages/host/package.json"), "utf8")).version,
    );
    expect(readdirSync(join(project, "node_modules/@gatewasm")).sort()).toEqual(["cli", "host", "plugin-hello-world"]);
  });

  it("runs try.mjs as written: require.resolve finds plugin.wasm and TestHost answers 200 hello world", () => {
    const [script] = codeBlocks(section, "js");
    expect(script).toContain('resolve("@gatewasm/plugin-hello-world/plugin.wasm")');
    writeFileSync(join(project, "try.mjs"), script);
    expect(sh).toContain("node try.mjs");
    expect(execFileSync("node", ["try.mjs"], { cwd: project, env, encoding: "utf8" })).toBe("200 hello world\n");
  });

  it("runs npx gatewasm doctor on the installed build", () => {
    const line = "npx gatewasm doctor node_modules/@gatewasm/plugin-hello-world/build/plugin.wasm";
    expect(sh).toContain(line);
    const out = execFileSync("npx", line.split(" ").slice(1), { cwd: project, env, encoding: "utf8" });
    expect(out).toContain('(budget from node_modules/@gatewasm/plugin-hello-world/package.json "gatewasm".budget)');
    expect(out.trimEnd().endsWith("result: loads on envoy")).toBe(true);
  });

  it("runs the installed envoy.yaml in the gateway", async () => {
    const line = sh.split("\n").find((l) => l.startsWith("npx gatewasm run "))!;
    expect(line).toContain("node_modules/@gatewasm/plugin-hello-world/envoy.yaml");
    // npx would run node_modules/.bin/gatewasm; run that file directly so SIGTERM reaches it.
    const args = line.replace("npx gatewasm ", "").replace("127.0.0.1:10000", "127.0.0.1:0").split(" ");
    const gateway = start(process.execPath, [join(project, "node_modules/@gatewasm/cli/bin/gatewasm.js"), ...args], {
      cwd: project,
      env,
    });
    try {
      const res = await fetch(`${await listening(gateway)}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("hello world");
    } finally {
      expect(await stop(gateway)).toBe(0);
    }
  });

  it("packs the installed plugin with npx gatewasm pack, to the layout and WasmPlugin the README names", () => {
    const line = sh.split("\n").find((l) => l.startsWith("npx gatewasm pack "))!;
    const out = execFileSync("npx", line.split(" ").slice(1), { cwd: project, env, encoding: "utf8" });
    expect(out).toContain("dist/oci/hello-world: OCI image layout of hello-world 0.0.0");
    expect(sh).toContain(
      "oras cp --from-oci-layout dist/oci/hello-world:1.0.0 registry.example.com/plugins/hello-world:1.0.0",
    );
    expect(out).toContain(
      "oras cp --from-oci-layout dist/oci/hello-world:1.0.0 registry.example.com/plugins/hello-world:1.0.0",
    );
    const index = JSON.parse(readFileSync(join(project, "dist/oci/hello-world/index.json"), "utf8"));
    expect(index.manifests[0].annotations["org.opencontainers.image.ref.name"]).toBe("1.0.0");
    expect(sh).toContain("kubectl apply -f dist/oci/hello-world/wasmplugin.yaml");
    const resource = parse(readFileSync(join(project, "dist/oci/hello-world/wasmplugin.yaml"), "utf8"));
    expect(resource.spec.url).toBe("oci://registry.example.com/plugins/hello-world:1.0.0");
  });
});
