// `gatewasm new`: a plugin scaffolded from hello-world in a copy of this checkout builds (with
// doctor) and passes its copied tests unedited, following the README's "Write your own plugin";
// every sample present scaffolds with its names rewritten.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { pluginFolders } from "../src/plugin/workspace.js";
import { ROOT, gatewasm, listening, startGatewasm, stop } from "./support/cli.js";
import { readmeSection } from "./support/readme.js";
import { copyRepo, type RepoCopy } from "./support/repo-copy.js";

let repo: RepoCopy;
beforeAll(() => {
  repo = copyRepo("new");
});
afterAll(() => repo?.remove());

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.name === "node_modules" ? [] : d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)],
  );
}

const read = (rel: string) => readFileSync(join(repo.root, rel), "utf8");

describe("gatewasm new, as the README's \"Write your own plugin\" walks it", () => {
  const section = readmeSection("Write your own plugin");
  // Each command as the README shows it, and what the test runs for it in the copy: the README's
  // `npx -y pnpm@10.34.9 …` runs as the same pnpm that runs these tests (no second download).
  const PNPM = "npx -y pnpm@10.34.9";
  const steps = {
    scaffold: `${PNPM} exec gatewasm new my-plugin --from hello-world`,
    build: `${PNPM} --filter @gatewasm/plugin-my-plugin build`,
    test: `${PNPM} --filter @gatewasm/plugin-my-plugin test`,
    run: `${PNPM} exec gatewasm run plugins/my-plugin/envoy.yaml --listen 127.0.0.1:10000 --cluster httpbin=127.0.0.1:8080 --wasm /etc/envoy/main.wasm=plugins/my-plugin/build/plugin.wasm`,
    pack: `${PNPM} exec gatewasm pack plugins/my-plugin`,
  };
  const run = (line: string) => {
    expect(section, `the README shows \`${line}\``).toContain(line);
    return repo.sh("pnpm", line.slice(PNPM.length + 1).split(" "));
  };

  it("creates plugins/my-plugin with its names rewritten, version 0.0.0, a CHANGELOG and a changeset, and installs it", () => {
    const out = run(steps.scaffold);
    expect(out).toContain("created plugins/my-plugin (@gatewasm/plugin-my-plugin 0.0.0)");
    expect(out).toContain("created .changeset/new-plugin-my-plugin.md");
    const pkg = JSON.parse(read("plugins/my-plugin/package.json"));
    expect(pkg).toMatchObject({ name: "@gatewasm/plugin-my-plugin", version: "0.0.0", gatewasm: { flavor: "envoy", budget: 65_536 } });
    expect(pkg.exports["./plugin.wasm"]).toBe("./build/plugin.wasm");
    const spec = parse(read("plugins/my-plugin/spec.yaml"));
    expect(spec.info).toMatchObject({ name: "my-plugin", title: "My Plugin", "x-title-i18n": { "zh-CN": "My Plugin" }, version: "0.0.0" });
    expect(read("plugins/my-plugin/src/plugin.ts")).toContain('setCtx<MyConfig>("my-plugin"');
    expect(read("plugins/my-plugin/envoy.yaml")).toMatch(/- name: my-plugin\n/);
    expect(read("plugins/my-plugin/README.md")).toMatch(/^---\ntitle: My Plugin\n[\s\S]*\n# my-plugin\n\n<!-- Scaffolded from the hello-world sample/);
    expect(read("plugins/my-plugin/README_ZH.md")).toMatch(/\n# my-plugin\n/);
    expect(read("plugins/my-plugin/CHANGELOG.md")).toBe("# @gatewasm/plugin-my-plugin\n");
    expect(read(".changeset/new-plugin-my-plugin.md")).toBe('---\n"@gatewasm/plugin-my-plugin": minor\n---\n\nFirst version of the my-plugin plugin, scaffolded from hello-world.\n');
    // pnpm linked the new package into the workspace, and the first build restated the READMEs' size.
    expect(existsSync(join(repo.root, "plugins/my-plugin/node_modules/@gatewasm/sdk"))).toBe(true);
    const size = statSync(join(repo.root, "plugins/my-plugin/build/plugin.wasm")).size.toLocaleString("en-US");
    expect(out).toContain(`built plugins/my-plugin/build/plugin.wasm (${size} bytes, now stated in README.md, README_ZH.md)`);
    expect(read("plugins/my-plugin/README.md")).toContain(`| ${size} bytes;`);
    expect(read("plugins/my-plugin/README_ZH.md")).toContain(`| ${size} 字节`);
    expect(repo.sh("git", ["status", "--short"]).split("\n").filter(Boolean).sort()).toEqual(
      ["?? .changeset/new-plugin-my-plugin.md", "?? plugins/my-plugin/", " M pnpm-lock.yaml"].sort(),
    );
  });

  it("builds (ending with doctor) and passes the tests it copied, unedited", () => {
    const build = run(steps.build);
    expect(build).toMatch(/build\/plugin\.wasm: loads on envoy \([\d,]+ of 65,536 bytes\)/);
    const wasm = readFileSync(join(repo.root, "plugins/my-plugin/build/plugin.wasm"));
    // The plugin name is compiled in (AssemblyScript strings are UTF-16).
    expect(wasm.includes(Buffer.from("my-plugin", "utf16le"))).toBe(true);
    expect(wasm.includes(Buffer.from("hello-world", "utf16le"))).toBe(false);
    expect(run(steps.test)).toMatch(/Tests +\d+ passed/);
  });

  it("runs in the local gateway from its own envoy.yaml", async () => {
    expect(section).toContain(steps.run);
    // The same arguments, on a free port; hello-world answers before any upstream is needed.
    const args = steps.run.replace(`${PNPM} exec gatewasm `, "").replace("127.0.0.1:10000", "127.0.0.1:0").split(" ");
    const gateway = startGatewasm(args, { cwd: repo.root, bin: join(repo.root, "tools/cli/bin/gatewasm.js") });
    try {
      const url = await listening(gateway);
      const res = await fetch(`${url}/get`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("hello world");
    } finally {
      expect(await stop(gateway)).toBe(0);
    }
  });

  it("packs the new plugin's image", () => {
    expect(run(steps.pack)).toContain("dist/oci/my-plugin: OCI image layout of my-plugin 0.0.0");
    expect(existsSync(join(repo.root, "dist/oci/my-plugin/wasmplugin.yaml"))).toBe(true);
  });

  it("refuses a name that exists, a bad name and an unknown sample", () => {
    const again = gatewasm(["new", "my-plugin", "--from", "hello-world"], { cwd: repo.root });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("plugins/my-plugin already exists");
    const bad = gatewasm(["new", "My_Plugin", "--from", "hello-world"], { cwd: repo.root });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"My_Plugin" is not a plugin name');
    const unknown = gatewasm(["new", "x", "--from", "nginx"], { cwd: repo.root });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/--from nginx: no such sample; pick one of .*hello-world/);
    const outside = gatewasm(["new", "x", "--from", "hello-world"], { cwd: "/" });
    expect(outside.status).toBe(1);
    expect(outside.stderr).toContain("run it inside a gatewasm checkout");
  });
});

describe("gatewasm new from every sample", () => {
  const samples = pluginFolders(ROOT);

  it("finds the samples in plugins/", () => {
    expect(samples).toContain("hello-world");
  });

  it.each(samples)("from %s: package, plugin name, spec.yaml, envoy.yaml and READMEs renamed; no trace of the package name", (sample) => {
    const name = `from-${sample}`;
    const r = gatewasm(["new", name, "--from", sample, "--no-install"], { cwd: repo.root });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("next: run `pnpm install` in the repository root, then build.");
    const dir = `plugins/${name}`;
    const pkg = JSON.parse(read(`${dir}/package.json`));
    const samplePkg = JSON.parse(readFileSync(join(ROOT, "plugins", sample, "package.json"), "utf8"));
    expect(pkg.name).toBe(`@gatewasm/plugin-${name}`);
    expect(pkg.version).toBe("0.0.0");
    expect(pkg.gatewasm.flavor).toBe(samplePkg.gatewasm.flavor);
    expect(pkg.scripts).toEqual(samplePkg.scripts);
    expect(parse(read(`${dir}/spec.yaml`)).info).toMatchObject({ name, version: "0.0.0" });
    expect(read(`${dir}/src/plugin.ts`)).toMatch(new RegExp(`setCtx<\\w+>\\("${name}"`));
    const envoy = parse(read(`${dir}/envoy.yaml`));
    const filters = envoy.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.http_filters;
    expect(filters[0].name).toBe(name);
    for (const readme of ["README.md", "README_ZH.md"]) expect(read(`${dir}/${readme}`)).toContain(`\n# ${name}\n`);
    const stale = new RegExp(`@gatewasm/plugin-${sample}(?![\\w-])`);
    expect(filesUnder(join(repo.root, dir)).filter((f) => stale.test(readFileSync(f, "utf8")))).toEqual([]);
  });
});
