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

describe('gatewasm new, as the README\'s "Write your own plugin" walks it', () => {
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
    expect(out).toContain("created plugins/my-plugin (@gatewasm/plugin-my-plugin 0.0.0, flavor envoy)");
    expect(out).toContain("created .changeset/new-plugin-my-plugin.md");
    const pkg = JSON.parse(read("plugins/my-plugin/package.json"));
    expect(pkg).toMatchObject({
      name: "@gatewasm/plugin-my-plugin",
      version: "0.0.0",
      gatewasm: { flavor: "envoy", budget: 65_536 },
    });
    expect(pkg.exports["./plugin.wasm"]).toBe("./build/plugin.wasm");
    const spec = parse(read("plugins/my-plugin/spec.yaml"));
    expect(spec.info).toMatchObject({
      name: "my-plugin",
      title: "My Plugin",
      "x-title-i18n": { "zh-CN": "My Plugin" },
      version: "0.0.0",
    });
    expect(read("plugins/my-plugin/src/plugin.ts")).toContain('setCtx<MyConfig>("my-plugin"');
    expect(read("plugins/my-plugin/envoy.yaml")).toMatch(/- name: my-plugin\n/);
    expect(read("plugins/my-plugin/README.md")).toMatch(
      /^---\ntitle: My Plugin\n[\s\S]*\n# my-plugin\n\n<!-- Scaffolded from the hello-world sample/,
    );
    expect(read("plugins/my-plugin/README_ZH.md")).toMatch(/\n# my-plugin\n/);
    expect(read("plugins/my-plugin/CHANGELOG.md")).toBe("# @gatewasm/plugin-my-plugin\n");
    expect(read(".changeset/new-plugin-my-plugin.md")).toBe(
      '---\n"@gatewasm/plugin-my-plugin": minor\n---\n\nFirst version of the my-plugin plugin, scaffolded from hello-world.\n',
    );
    // pnpm linked the new package into the workspace, and the first build restated the READMEs' size.
    expect(existsSync(join(repo.root, "plugins/my-plugin/node_modules/@gatewasm/sdk"))).toBe(true);
    const size = statSync(join(repo.root, "plugins/my-plugin/build/plugin.wasm")).size.toLocaleString("en-US");
    expect(out).toContain(
      `built plugins/my-plugin/build/plugin.wasm (${size} bytes, now stated in README.md, README_ZH.md)`,
    );
    expect(read("plugins/my-plugin/README.md")).toContain(`| ${size} bytes;`);
    expect(read("plugins/my-plugin/README_ZH.md")).toContain(`| ${size} 字节`);
    expect(repo.sh("git", ["status", "--short"]).split("\n").filter(Boolean).sort()).toEqual(
      ["?? .changeset/new-plugin-my-plugin.md", "?? plugins/my-plugin/", " M pnpm-lock.yaml"].sort(),
    );
  }, 300_000);

  it("copies the sample's tests with a header saying so, and writes a test of its own build instead of hello-world's 8 KB goal", () => {
    expect(read("plugins/my-plugin/test/unit/plugin.test.ts")).toMatch(
      /^\/\/ Copied from the hello-world sample by `gatewasm new`: these tests pin what my-plugin does now/,
    );
    const build = read("plugins/my-plugin/test/unit/build.test.ts");
    expect(build).toMatch(/^\/\/ Written by `gatewasm new` for my-plugin/);
    expect(build).toContain('package.json "gatewasm".budget');
    expect(build).not.toContain("8 * 1024");
  });

  it("builds (ending with doctor) and passes the tests it copied and the one it wrote, unedited", () => {
    const build = run(steps.build);
    expect(build).toMatch(/build\/plugin\.wasm: loads on envoy \([\d,]+ of 65,536 bytes\)/);
    const wasm = readFileSync(join(repo.root, "plugins/my-plugin/build/plugin.wasm"));
    // The plugin name is compiled in (AssemblyScript strings are UTF-16).
    expect(wasm.includes(Buffer.from("my-plugin", "utf16le"))).toBe(true);
    expect(wasm.includes(Buffer.from("hello-world", "utf16le"))).toBe(false);
    const tested = run(steps.test);
    expect(tested).toMatch(/Tests +\d+ passed/);
    expect(tested).toMatch(/Test Files +3 passed \(3\)/);
  }, 300_000);

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
    const flavor = gatewasm(["new", "x", "--from", "hello-world", "--flavor", "istio"], { cwd: repo.root });
    expect(flavor.status).toBe(2);
    expect(flavor.stderr).toContain("--flavor istio: expected envoy or higress");
  });

  it("lists every line that still mentions the sample, and only those", () => {
    const out = gatewasm(["new", "listed-plugin", "--from", "hello-world", "--no-install"], { cwd: repo.root }).stdout;
    const listed = new Map(
      [...out.matchAll(/^ {2}plugins\/listed-plugin\/(\S+): lines? ([\d, ]+)$/gm)].map((m) => [
        m[1],
        m[2].split(", ").map(Number),
      ]),
    );
    // src/plugin.ts: its header comment and the "hello world" it answers.
    expect(listed.get("src/plugin.ts")).toEqual([1, 8]);
    for (const file of filesUnder(join(repo.root, "plugins/listed-plugin"))) {
      const rel = file.slice(join(repo.root, "plugins/listed-plugin/").length);
      const mentioning = readFileSync(file, "utf8")
        .split("\n")
        .flatMap((l, i) => (/hello[- _]?world/i.test(l) && !l.includes("by `gatewasm new`") ? [i + 1] : []));
      expect(listed.get(rel) ?? [], rel).toEqual(mentioning);
    }
  });
});

describe("gatewasm new --flavor", () => {
  it("--flavor higress: package.json says so, and the build and the generated tests check for Higress", () => {
    const r = gatewasm(["new", "on-higress", "--from", "hello-world", "--flavor", "higress"], { cwd: repo.root });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("created plugins/on-higress (@gatewasm/plugin-on-higress 0.0.0, flavor higress)");
    expect(JSON.parse(read("plugins/on-higress/package.json")).gatewasm).toEqual({ flavor: "higress", budget: 65_536 });
    // The first build ends with doctor, which reads the flavor from package.json.
    expect(r.stderr).toMatch(/build\/plugin\.wasm: loads on higress \([\d,]+ of 65,536 bytes\)/);
    expect(repo.sh("pnpm", ["--filter", "@gatewasm/plugin-on-higress", "test"])).toMatch(/Test Files +3 passed \(3\)/);
  }, 300_000);

  it("a Redis plugin on --flavor envoy fails its first build, and new says where the flavor is set", () => {
    const r = gatewasm(["new", "redis-on-envoy", "--from", "redis-ratelimit", "--flavor", "envoy"], { cwd: repo.root });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("created plugins/redis-on-envoy (@gatewasm/plugin-redis-on-envoy 0.0.0, flavor envoy)");
    expect(r.stdout).toContain(
      'the first build failed (output above): fix it, then build again. If the plugin uses Redis, it needs\n"flavor": "higress" in plugins/redis-on-envoy/package.json "gatewasm" (or: gatewasm new --flavor higress).',
    );
    expect(r.stderr).toContain("This module is Higress-only");
  }, 300_000);
});

describe("gatewasm new from every sample", () => {
  const samples = pluginFolders(ROOT);

  it("finds the samples in plugins/", () => {
    expect(samples).toContain("hello-world");
  });

  it.each(samples)(
    "from %s: package, plugin name, spec.yaml, envoy.yaml and READMEs renamed; no trace of the package name",
    (sample) => {
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
      // The sample's checks of its own release are left out, the generated build test is in, and
      // every copied test says where it came from.
      const tests = filesUnder(join(repo.root, dir, "test")).filter((f) => f.endsWith(".test.ts"));
      expect(tests).toContain(join(repo.root, dir, "test/unit/build.test.ts"));
      for (const t of tests) {
        const text = readFileSync(t, "utf8");
        expect(text).not.toContain("gatewasm new leaves this file out");
        expect(text).toMatch(/^\/\/ (Copied from the \S+ sample|Written) by `gatewasm new`/);
      }
      const stale = new RegExp(`@gatewasm/plugin-${sample}(?![\\w-])`);
      expect(filesUnder(join(repo.root, dir)).filter((f) => stale.test(readFileSync(f, "utf8")))).toEqual([]);
    },
  );
});
