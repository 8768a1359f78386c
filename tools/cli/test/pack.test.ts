// `gatewasm pack`: Higress's image format and the compat form, checked blob by blob; the same
// plugin packed twice gives the same digest; plugin.wasm comes back out of the last layer.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT, gatewasm, tempDir } from "./support/cli.js";

const PLUGIN = join(ROOT, "plugins/hello-world");
const WASM = readFileSync(join(PLUGIN, "build/plugin.wasm"));
const tmp = tempDir("pack");
afterAll(() => tmp.remove());

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}
interface Manifest {
  schemaVersion: number;
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

const sha256 = (data: Uint8Array) => `sha256:${createHash("sha256").update(data).digest("hex")}`;
const blob = (dir: string, digest: string) => readFileSync(join(dir, "blobs/sha256", digest.slice("sha256:".length)));

/** Packs hello-world (spec.yaml version 0.0.0); stderr holds exactly the warnings expected. */
function pack(out: string, ...extra: string[]) {
  const r = gatewasm(["pack", PLUGIN, "--out", out, ...extra]);
  const tag = extra[extra.indexOf("--tag") + 1];
  const warnings = [
    ...(extra.includes("--tag")
      ? []
      : [
          "no --tag: the layout is tagged hello-world:0.0.0 and wasmplugin.yaml pulls oci://hello-world:0.0.0, which resolves to Docker Hub",
        ]),
    ...(extra.includes("--tag") && !tag.endsWith(":0.0.0")
      ? [`the tag's version ${tag.slice(tag.lastIndexOf(":") + 1)} differs from spec.yaml info.version 0.0.0`]
      : []),
  ];
  const lines = r.stderr.split("\n").filter(Boolean);
  expect(lines).toHaveLength(warnings.length);
  for (const [i, w] of warnings.entries()) expect(lines[i]).toContain(`gatewasm pack: warning: ${w}`);
  expect(r.status).toBe(0);
  return r;
}

/** Reads a layout as a registry would, checking that every descriptor matches its blob. */
function readLayout(dir: string): { index: { manifests: Descriptor[] }; manifest: Manifest } {
  expect(JSON.parse(readFileSync(join(dir, "oci-layout"), "utf8"))).toEqual({ imageLayoutVersion: "1.0.0" });
  const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
  expect(index.schemaVersion).toBe(2);
  expect(index.mediaType).toBe("application/vnd.oci.image.index.v1+json");
  expect(index.manifests).toHaveLength(1);
  const manifestBytes = blob(dir, index.manifests[0].digest);
  expect(sha256(manifestBytes)).toBe(index.manifests[0].digest);
  expect(manifestBytes.length).toBe(index.manifests[0].size);
  const manifest = JSON.parse(manifestBytes.toString()) as Manifest;
  for (const d of [manifest.config, ...manifest.layers]) {
    const data = blob(dir, d.digest);
    expect(sha256(data)).toBe(d.digest);
    expect(data.length).toBe(d.size);
  }
  // Nothing in blobs/ that the manifest does not reference.
  const referenced = new Set(
    [index.manifests[0].digest, manifest.config.digest, ...manifest.layers.map((l) => l.digest)].map((d) => d.slice(7)),
  );
  expect(new Set(readdirSync(join(dir, "blobs/sha256")))).toEqual(referenced);
  return { index, manifest };
}

/** plugin.wasm out of a tar.gz layer, by Node's gunzip and a ustar read by hand. */
function wasmFromLayer(layer: Buffer): Buffer {
  const archive = gunzipSync(layer);
  expect(archive.subarray(0, 11).toString()).toBe("plugin.wasm");
  expect(archive.subarray(257, 263).toString()).toBe("ustar\0");
  const size = parseInt(archive.subarray(124, 135).toString(), 8);
  return archive.subarray(512, 512 + size);
}

describe("gatewasm pack (Higress's plugin image format)", () => {
  const a = join(tmp.dir, "a");
  const b = join(tmp.dir, "b");

  it("writes spec.yaml, README.md, README_ZH.md and plugin.tar.gz layers with Higress's media types, in that order", () => {
    const r = pack(a);
    expect(r.stdout).toMatch(
      /OCI image layout of hello-world 0\.0\.0\n {2}manifest sha256:[0-9a-f]{64} \(\d+ bytes\), tagged 0\.0\.0/,
    );
    const { index, manifest } = readLayout(a);
    expect(index.manifests[0].annotations).toEqual({ "org.opencontainers.image.ref.name": "0.0.0" });
    expect(manifest.schemaVersion).toBe(2);
    expect(manifest.mediaType).toBe("application/vnd.oci.image.manifest.v1+json");
    expect(manifest.config.mediaType).toBe("application/vnd.unknown.config.v1+json");
    expect(blob(a, manifest.config.digest).toString()).toBe("{}");
    expect(manifest.layers.map((l) => [l.mediaType, l.annotations?.["org.opencontainers.image.title"]])).toEqual([
      ["application/vnd.module.wasm.spec.v1+yaml", "spec.yaml"],
      ["application/vnd.module.wasm.doc.v1+markdown", "README.md"],
      ["application/vnd.module.wasm.doc.v1.ZH+markdown", "README_ZH.md"],
      ["application/vnd.oci.image.layer.v1.tar+gzip", "plugin.tar.gz"],
    ]);
    for (const [i, file] of ["spec.yaml", "README.md", "README_ZH.md"].entries()) {
      expect(blob(a, manifest.layers[i].digest).equals(readFileSync(join(PLUGIN, file)))).toBe(true);
    }
    expect(manifest.annotations).toMatchObject({
      "org.opencontainers.image.title": "hello-world",
      "org.opencontainers.image.version": "0.0.0",
    });
  });

  it("puts the build's plugin.wasm in the last layer, which tar and gunzip read back byte for byte", () => {
    const { manifest } = readLayout(a);
    const last = manifest.layers.at(-1)!;
    const layerFile = join(a, "blobs/sha256", last.digest.slice(7));
    expect(execFileSync("tar", ["-tvzf", layerFile], { encoding: "utf8" })).toMatch(
      /^-rw-r--r-- 0\/0 +\d+ 1970-01-01 00:00 plugin\.wasm\n$/,
    );
    expect(execFileSync("tar", ["-xzOf", layerFile, "plugin.wasm"]).equals(WASM)).toBe(true);
    expect(wasmFromLayer(readFileSync(layerFile)).equals(WASM)).toBe(true);
  });

  it("gives the same digest and the same bytes when packed again, whatever the files' times", () => {
    const first = readLayout(a).index.manifests[0].digest;
    const copy = join(tmp.dir, "copy");
    cpSync(PLUGIN, copy, { recursive: true, filter: (src) => !src.includes("node_modules") });
    const later = new Date(Date.now() + 86_400_000);
    for (const f of ["spec.yaml", "README.md", "README_ZH.md", "build/plugin.wasm"])
      utimesSync(join(copy, f), later, later);
    expect(gatewasm(["pack", copy, "--out", b]).status).toBe(0);
    expect(readLayout(b).index.manifests[0].digest).toBe(first);
    for (const f of ["index.json", "oci-layout", "wasmplugin.yaml"])
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f)))).toBe(true);
    for (const f of readdirSync(join(a, "blobs/sha256")))
      expect(readFileSync(join(b, "blobs/sha256", f)).equals(readFileSync(join(a, "blobs/sha256", f)))).toBe(true);
    // Packing into the same folder again replaces the layout instead of adding to it.
    pack(a);
    expect(readLayout(a).index.manifests[0].digest).toBe(first);
  });

  it("writes a WasmPlugin with the image, spec.yaml's phase and priority and the example config", () => {
    const { index } = readLayout(a);
    const resource = parse(readFileSync(join(a, "wasmplugin.yaml"), "utf8"));
    expect(resource).toEqual({
      apiVersion: "extensions.higress.io/v1alpha1",
      kind: "WasmPlugin",
      metadata: {
        name: "hello-world",
        namespace: "higress-system",
        annotations: { "gatewasm.dev/version": "0.0.0", "gatewasm.dev/manifest-digest": index.manifests[0].digest },
      },
      spec: {
        url: "oci://hello-world:0.0.0",
        imagePullPolicy: "IfNotPresent",
        phase: "UNSPECIFIED_PHASE",
        priority: 10,
        defaultConfigDisable: false,
        defaultConfig: {},
      },
    });
  });

  it("tags the layout with --tag's version, points the WasmPlugin at the registry, and takes --config and --namespace", () => {
    const out = join(tmp.dir, "tagged");
    const config = join(tmp.dir, "config.yaml");
    writeFileSync(config, "greeting: hi\nlimits: [1, 2]\n");
    const r = pack(
      out,
      "--tag",
      "registry.example.com:5000/plugins/hello-world:1.2.0",
      "--config",
      config,
      "--namespace",
      "edge",
    );
    expect(r.stdout).toContain(
      `oras cp --from-oci-layout ${out}:1.2.0 registry.example.com:5000/plugins/hello-world:1.2.0`,
    );
    expect(r.stdout).toContain(
      `skopeo copy oci:${out}:1.2.0 docker://registry.example.com:5000/plugins/hello-world:1.2.0`,
    );
    expect(r.stdout).toContain(`crane push ${out} registry.example.com:5000/plugins/hello-world:1.2.0`);
    expect(readLayout(out).index.manifests[0].annotations?.["org.opencontainers.image.ref.name"]).toBe("1.2.0");
    const resource = parse(readFileSync(join(out, "wasmplugin.yaml"), "utf8"));
    expect(resource.spec.url).toBe("oci://registry.example.com:5000/plugins/hello-world:1.2.0");
    expect(resource.metadata.namespace).toBe("edge");
    expect(resource.spec.defaultConfig).toEqual({ greeting: "hi", limits: [1, 2] });
  });
});

describe("gatewasm pack warnings", () => {
  it("warns without --tag (a Docker Hub name) and when the tag's version is not spec.yaml's; a registry tag of spec.yaml's version packs silently", () => {
    const untagged = gatewasm(["pack", PLUGIN, "--out", join(tmp.dir, "w1")]);
    expect(untagged.status).toBe(0);
    expect(untagged.stderr).toContain(
      "gatewasm pack: warning: no --tag: the layout is tagged hello-world:0.0.0 and wasmplugin.yaml pulls oci://hello-world:0.0.0, which resolves to Docker Hub; give your registry, e.g. --tag registry.example.com/plugins/hello-world:0.0.0",
    );
    const other = gatewasm([
      "pack",
      PLUGIN,
      "--out",
      join(tmp.dir, "w2"),
      "--tag",
      "registry.example.com/plugins/hello-world:2.0.0",
    ]);
    expect(other.status).toBe(0);
    expect(other.stderr).toBe(
      "gatewasm pack: warning: the tag's version 2.0.0 differs from spec.yaml info.version 0.0.0, which Higress's console shows; version the plugin (package.json and spec.yaml) before packing it for a release\n",
    );
    const matching = gatewasm([
      "pack",
      PLUGIN,
      "--out",
      join(tmp.dir, "w3"),
      "--tag",
      "registry.example.com/plugins/hello-world:0.0.0",
    ]);
    expect(matching.status).toBe(0);
    expect(matching.stderr).toBe("");
  });
});

describe("gatewasm pack --compat (Istio's single-layer form)", () => {
  it("writes one tar+gzip layer holding plugin.wasm, an image config with its diff id, and the compat annotation", () => {
    const out = join(tmp.dir, "compat");
    pack(out, "--compat");
    const { manifest } = readLayout(out);
    expect(manifest.layers).toHaveLength(1);
    expect(manifest.layers[0].mediaType).toBe("application/vnd.oci.image.layer.v1.tar+gzip");
    expect(manifest.annotations?.["module.wasm.image/variant"]).toBe("compat");
    expect(manifest.config.mediaType).toBe("application/vnd.oci.image.config.v1+json");
    const layer = blob(out, manifest.layers[0].digest);
    const config = JSON.parse(blob(out, manifest.config.digest).toString());
    expect(config.rootfs).toEqual({ type: "layers", diff_ids: [sha256(gunzipSync(layer))] });
    expect(wasmFromLayer(layer).equals(WASM)).toBe(true);
    // The same wasm layer as the Higress form: one build, one layer digest.
    expect(manifest.layers[0].digest).toBe(readLayout(join(tmp.dir, "a")).manifest.layers.at(-1)!.digest);
  });
});

describe("gatewasm pack refuses", () => {
  it("a folder without a build, a module that fails its check, and a tag without a version", () => {
    const copy = join(tmp.dir, "unbuilt");
    cpSync(PLUGIN, copy, {
      recursive: true,
      filter: (src) => !src.includes("node_modules") && !src.includes("/build"),
    });
    const unbuilt = gatewasm(["pack", copy, "--out", join(tmp.dir, "x")]);
    expect(unbuilt.status).toBe(1);
    expect(unbuilt.stderr).toContain("build/plugin.wasm is missing: build the plugin first");

    const tight = join(tmp.dir, "tight");
    cpSync(PLUGIN, tight, { recursive: true, filter: (src) => !src.includes("node_modules") });
    const pkg = JSON.parse(readFileSync(join(tight, "package.json"), "utf8"));
    writeFileSync(join(tight, "package.json"), JSON.stringify({ ...pkg, gatewasm: { flavor: "envoy", budget: 1000 } }));
    const over = gatewasm(["pack", tight, "--out", join(tmp.dir, "y")]);
    expect(over.status).toBe(1);
    expect(over.stderr).toContain("gatewasm pack: not packing a module that fails its check:");
    expect(over.stderr).toContain("over its budget of 1,000 bytes");
    expect(() => statSync(join(tmp.dir, "y", "index.json"))).toThrow();

    writeFileSync(join(tight, "package.json"), JSON.stringify(pkg));
    writeFileSync(
      join(tight, "spec.yaml"),
      readFileSync(join(tight, "spec.yaml"), "utf8").replace("phase: UNSPECIFIED_PHASE", "phase: EARLY"),
    );
    const badSpec = gatewasm(["pack", tight, "--out", join(tmp.dir, "y")]);
    expect(badSpec.status).toBe(1);
    expect(badSpec.stderr).toContain(
      'spec.yaml: spec.phase "EARLY": expected one of UNSPECIFIED_PHASE, AUTHN, AUTHZ, STATS',
    );
    rmSync(join(tight, "README.md"));
    const noReadme = gatewasm(["pack", tight, "--out", join(tmp.dir, "y")]);
    expect(noReadme.stderr).toContain("README.md is missing: Higress's image format needs one (or pack --compat)");

    const untagged = gatewasm([
      "pack",
      PLUGIN,
      "--out",
      join(tmp.dir, "z"),
      "--tag",
      "registry.example.com/hello-world",
    ]);
    expect(untagged.status).toBe(1);
    expect(untagged.stderr).toContain("--tag registry.example.com/hello-world: expected NAME:VERSION");
    expect(gatewasm(["pack"]).status).toBe(2);
  });
});
