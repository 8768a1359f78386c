// Every package this repository publishes, as `pnpm pack` makes its tarball: public on npm with
// provenance, pointing back at its folder in the repository, licensed, exact versions instead of
// workspace links, no source map without its source, README links that work on npmjs.com, and
// bins that npm keeps.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./support/cli.js";
import { pnpmCommand } from "./support/repo-copy.js";

const REPO = "https://github.com/gatewasm/gatewasm";
const tmp = tempDir("manifests");
afterAll(() => tmp.remove());

/** Workspace folders with a package.json that is not private. */
const publishable = ["packages", "tools", "plugins"].flatMap((group) =>
  readdirSync(join(ROOT, group), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, group, d.name, "package.json")))
    .map((d) => `${group}/${d.name}`)
    .filter((dir) => !JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")).private),
);

const packed = new Map<string, string>();
/** The package's tarball, packed once. */
function pack(dir: string): string {
  if (!packed.has(dir)) {
    const [bin, ...pre] = pnpmCommand();
    const out = execFileSync(bin, [...pre, "pack", "--pack-destination", tmp.dir], {
      cwd: join(ROOT, dir),
      encoding: "utf8",
    });
    packed.set(dir, out.trim().split("\n").at(-1)!.trim());
  }
  return packed.get(dir)!;
}
const list = (tgz: string) =>
  execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((f) => f.replace(/^package\//, ""));
const read = (tgz: string, file: string) =>
  execFileSync("tar", ["-xzOf", tgz, `package/${file}`], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

describe("every publishable package's tarball", () => {
  it("covers the SDK, the host, the CLI, create-plugin and every plugin", () => {
    expect(publishable).toEqual(
      expect.arrayContaining([
        "packages/sdk",
        "packages/host",
        "tools/cli",
        "tools/create-plugin",
        "plugins/hello-world",
      ]),
    );
  });

  it.each(publishable)(
    "%s: public with provenance, repository and links, license, files, exports, engines; no workspace: ranges",
    (dir) => {
      const tgz = pack(dir);
      const pkg = JSON.parse(read(tgz, "package.json"));
      expect(pkg.publishConfig).toEqual({ access: "public", provenance: true });
      expect(pkg.repository).toEqual({ type: "git", url: `git+${REPO}.git`, directory: dir });
      expect(pkg.homepage).toBe(`${REPO}/tree/main/${dir}#readme`);
      expect(pkg.bugs).toEqual({ url: `${REPO}/issues` });
      expect(pkg.license).toBe("Apache-2.0");
      expect(list(tgz)).toContain("LICENSE");
      expect(pkg.files.length).toBeGreaterThan(0);
      expect(pkg.exports["./package.json"]).toBe("./package.json");
      expect(pkg.engines.node).toBe(">=20.19");
      expect(JSON.stringify(pkg)).not.toContain("workspace:");
      // Packages with code say where its types are; plugins ship a .wasm and the playground a page, not code.
      if (!dir.startsWith("plugins/") && dir !== "tools/create-plugin" && dir !== "tools/playground")
        expect(list(tgz)).toContain(pkg.types.replace(/^\.\//, ""));
    },
  );

  it.each(publishable)("%s: every source map ships with the sources it names", (dir) => {
    const tgz = pack(dir);
    const files = new Set(list(tgz));
    for (const map of [...files].filter((f) => f.endsWith(".map"))) {
      const { sources } = JSON.parse(read(tgz, map)) as { sources: string[] };
      for (const source of sources)
        expect(files, `${map} → ${source}`).toContain(posix.join(posix.dirname(map), source));
    }
  });

  it.each(publishable)("%s: README links resolve outside the repository (no ../ paths)", (dir) => {
    const tgz = pack(dir);
    for (const readme of list(tgz).filter((f) => /^README[^/]*\.md$/.test(f))) {
      expect(read(tgz, readme), readme).not.toMatch(/\]\(\.\.\//);
    }
  });

  it.each(["tools/cli", "tools/create-plugin"])(
    "%s: npm publish --dry-run keeps its bin and corrects nothing",
    (dir) => {
      const tgz = pack(dir);
      const r = spawnSync("npm", ["publish", "--dry-run", tgz], {
        cwd: tmp.dir,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      });
      expect(r.status).toBe(0);
      expect(r.stderr).not.toMatch(/errors corrected|invalid and removed/);
      expect(r.stderr).toContain("with tag latest and public access (dry-run)");
    },
    120_000,
  );
});
