// `pnpm release` in a copy of this checkout with one sample changeset: versions, CHANGELOG,
// spec.yaml, the OCI layout, one release commit and its tags, and nothing else touched.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { copyRepo, type RepoCopy } from "./support/repo-copy.js";

let repo: RepoCopy;
const read = (rel: string) => readFileSync(join(repo.root, rel), "utf8");
const version = (dir: string) => JSON.parse(read(`${dir}/package.json`)).version as string;
const releaseRun = (...args: string[]) => {
  try {
    return { status: 0, stdout: repo.sh("pnpm", ["release", ...args]), stderr: "" };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { status: err.status, stdout: err.stdout, stderr: err.stderr };
  }
};

beforeAll(() => {
  repo = copyRepo("release");
  // Start from no pending changesets, so the sample below is all there is to release.
  for (const f of readdirSync(join(repo.root, ".changeset")))
    if (f.endsWith(".md") && f !== "README.md") rmSync(join(repo.root, ".changeset", f));
  repo.sh("git", ["commit", "-q", "-am", "no pending changesets"]);
});
afterAll(() => repo?.remove());

describe("pnpm release", () => {
  it("has nothing to release without changesets", () => {
    const r = releaseRun();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("no pending changesets: nothing to release");
    expect(repo.sh("git", ["status", "--porcelain"])).toBe("");
  });

  it("refuses to start from a tree with uncommitted changes", () => {
    writeFileSync(join(repo.root, "scratch.txt"), "work in progress\n");
    const r = releaseRun();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("commit or stash your changes first:\n  ?? scratch.txt");
    rmSync(join(repo.root, "scratch.txt"));
  });

  it("bumps, writes CHANGELOGs and spec.yaml, builds, packs dist/oci/<plugin>, commits and tags each released package", () => {
    writeFileSync(
      join(repo.root, ".changeset/greeting.md"),
      '---\n"@gatewasm/plugin-hello-world": minor\n"@gatewasm/cli": patch\n---\n\nSays hello in a release test.\n',
    );
    repo.sh("git", ["add", "-A"]);
    repo.sh("git", ["commit", "-q", "-m", "a change with its changeset"]);
    const hostVersion = version("packages/host");

    const r = releaseRun("--registry", "registry.example.com/plugins");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // @gatewasm/create-plugin depends on the CLI, so changesets patches it along.
    expect(r.stdout).toMatch(/released 3 packages in [0-9a-f]{12}:/);
    expect(r.stdout).toContain(
      "oras cp --from-oci-layout dist/oci/hello-world:0.1.0 registry.example.com/plugins/hello-world:0.1.0",
    );

    expect(version("plugins/hello-world")).toBe("0.1.0");
    expect(version("tools/cli")).toBe("0.0.1");
    expect(version("tools/create-plugin")).toBe("0.0.1");
    expect(version("packages/host")).toBe(hostVersion);
    expect(read("plugins/hello-world/CHANGELOG.md")).toMatch(
      /^# @gatewasm\/plugin-hello-world\n\n## 0\.1\.0\n\n### Minor Changes\n\n- [0-9a-f]{7}: Says hello in a release test\.\n/,
    );
    expect(read("tools/cli/CHANGELOG.md")).toMatch(
      /## 0\.0\.1\n\n### Patch Changes\n\n- [0-9a-f]{7}: Says hello in a release test\./,
    );
    expect(parse(read("plugins/hello-world/spec.yaml")).info.version).toBe("0.1.0");
    expect(readdirSync(join(repo.root, ".changeset")).filter((f) => f.endsWith(".md"))).toEqual(["README.md"]);

    // The OCI layout of the released plugin, and of no other package.
    expect(readdirSync(join(repo.root, "dist/oci"))).toEqual(["hello-world"]);
    const index = JSON.parse(read("dist/oci/hello-world/index.json"));
    expect(index.manifests[0].annotations["org.opencontainers.image.ref.name"]).toBe("0.1.0");
    const manifest = JSON.parse(read(`dist/oci/hello-world/blobs/sha256/${index.manifests[0].digest.slice(7)}`));
    expect(manifest.annotations["org.opencontainers.image.version"]).toBe("0.1.0");
    expect(manifest.layers.at(-1).mediaType).toBe("application/vnd.oci.image.layer.v1.tar+gzip");
    const specLayer = read(`dist/oci/hello-world/blobs/sha256/${manifest.layers[0].digest.slice(7)}`);
    expect(parse(specLayer).info.version).toBe("0.1.0");
    expect(parse(read("dist/oci/hello-world/wasmplugin.yaml")).spec.url).toBe(
      "oci://registry.example.com/plugins/hello-world:0.1.0",
    );

    // One commit holding the release, a clean tree, and an annotated tag per released package on it.
    expect(repo.sh("git", ["status", "--porcelain"])).toBe("");
    const head = repo.sh("git", ["rev-parse", "HEAD"]).trim();
    const subject = repo.sh("git", ["log", "-1", "--format=%s"]).trim();
    expect(subject.startsWith("release: ")).toBe(true);
    expect(subject.slice("release: ".length).split(", ").sort()).toEqual([
      "@gatewasm/cli@0.0.1",
      "@gatewasm/create-plugin@0.0.1",
      "@gatewasm/plugin-hello-world@0.1.0",
    ]);
    const changed = repo.sh("git", ["show", "--name-only", "--format=", "HEAD"]).trim().split("\n").sort();
    expect(changed).toEqual([
      ".changeset/greeting.md",
      "plugins/hello-world/CHANGELOG.md",
      "plugins/hello-world/package.json",
      "plugins/hello-world/spec.yaml",
      "tools/cli/CHANGELOG.md",
      "tools/cli/package.json",
      "tools/create-plugin/CHANGELOG.md",
      "tools/create-plugin/package.json",
    ]);
    const tags = repo.sh("git", ["tag", "--list"]).trim().split("\n").sort();
    expect(tags).toEqual([
      "@gatewasm/cli@0.0.1",
      "@gatewasm/create-plugin@0.0.1",
      "@gatewasm/plugin-hello-world@0.1.0",
    ]);
    for (const t of tags) {
      expect(repo.sh("git", ["cat-file", "-t", t]).trim()).toBe("tag");
      expect(repo.sh("git", ["rev-list", "-n", "1", t]).trim()).toBe(head);
    }
  });

  it("has nothing left to release afterwards", () => {
    const r = releaseRun();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("nothing to release");
  });
});
