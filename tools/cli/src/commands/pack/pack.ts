// `gatewasm pack <plugin-dir>`: the plugin as an OCI image layout in Higress's plugin image
// format (or Istio's compat form) plus the WasmPlugin resource that installs it. No Docker, no
// oras: the layout is written with fs and sha256, and the same plugin gives the same digest.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join, relative, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { parseVerbArgs, usageError } from "../../args.js";
import { type PluginSettings, pluginSettings, readPackageJson } from "../../plugin/package-settings.js";
import { readSpec, SpecError, type PluginSpec } from "../../plugin/spec-yaml.js";
import { diagnose } from "../doctor/diagnose.js";
import { formatVerdict } from "../doctor/report.js";
import { writeImageLayout, type WrittenImage } from "./oci-layout.js";
import { compatImage, higressImage } from "./plugin-image.js";
import { wasmPluginYaml } from "./wasmplugin-yaml.js";

export const PACK_USAGE = `usage: gatewasm pack <plugin-dir> [--out DIR] [--tag NAME:VERSION] [--compat]
                     [--config FILE] [--namespace NS]

Writes <plugin-dir>'s build/plugin.wasm, spec.yaml and READMEs as an OCI image layout in
Higress's plugin image format (one file per layer, plugin.wasm tar.gz'd in the last layer), and
a WasmPlugin resource (extensions.higress.io/v1alpha1) for it as DIR/wasmplugin.yaml.
The module is checked first, as \`gatewasm doctor\` does; same input, same digest.

  --out        the layout folder (default dist/oci/<plugin name>)
  --tag        the image reference the layout is tagged and the WasmPlugin pulls
               (default <plugin name>:<package version>, a Docker Hub name, with a
               warning; give your registry, e.g. registry.example.com/plugins/mock:1.2.0.
               A version other than spec.yaml's info.version is warned about)
  --compat     one layer holding plugin.wasm, the form stock Istio accepts
  --config     JSON or YAML file for the WasmPlugin's defaultConfig
               (default: the example in spec.yaml's configSchema)
  --namespace  the WasmPlugin's namespace (default higress-system)

Push the layout from a machine with one of these tools (none is needed to pack):
  oras cp --from-oci-layout DIR:VERSION REGISTRY/NAME:VERSION
  skopeo copy oci:DIR:VERSION docker://REGISTRY/NAME:VERSION
  crane push DIR REGISTRY/NAME:VERSION`;

export interface PackResult {
  out: string;
  image: string;
  written: WrittenImage;
  spec: PluginSpec;
  version: string;
}

export interface PackOptions {
  out?: string;
  tag?: string;
  compat?: boolean;
  config?: string;
  namespace?: string;
}

class PackError extends Error {
  override name = "PackError";
}

/** The part after the last ":" that follows the last "/": the tag of `registry:5000/a/b:1.0`. */
function tagOf(image: string): string | undefined {
  const colon = image.lastIndexOf(":");
  return colon > image.lastIndexOf("/") && colon < image.length - 1 ? image.slice(colon + 1) : undefined;
}

/**
 * An image reference without a registry is a Docker Hub name: the WasmPlugin would pull
 * docker.io/library/<name>. And Higress's console shows spec.yaml's version, so a tag that says
 * another one describes an image whose metadata disagrees with its name.
 */
function tagWarnings(tag: string | undefined, image: string, ref: string, spec: PluginSpec): string[] {
  const warnings: string[] = [];
  if (tag === undefined) {
    warnings.push(
      `no --tag: the layout is tagged ${image} and wasmplugin.yaml pulls oci://${image}, which resolves to Docker Hub; ` +
        `give your registry, e.g. --tag registry.example.com/plugins/${image}`,
    );
  }
  if (spec.version !== undefined && ref !== spec.version) {
    warnings.push(
      `the tag's version ${ref} differs from spec.yaml info.version ${spec.version}, which Higress's console shows; ` +
        "version the plugin (package.json and spec.yaml) before packing it for a release",
    );
  }
  return warnings;
}

function readConfig(file: string): unknown {
  const text = readFileSync(file, "utf8");
  try {
    return extname(file) === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new PackError(`--config ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
}

/** Packs the plugin in `pluginDir`; throws PackError when it cannot. */
export function packPlugin(pluginDir: string, options: PackOptions = {}): PackResult {
  const dir = resolve(pluginDir);
  const pkgFile = join(dir, "package.json");
  const specFile = join(dir, "spec.yaml");
  const wasmFile = join(dir, "build", "plugin.wasm");
  for (const f of [pkgFile, specFile])
    if (!existsSync(f)) throw new PackError(`${f} is missing: is ${pluginDir} a plugin folder?`);
  if (!existsSync(wasmFile)) throw new PackError(`${wasmFile} is missing: build the plugin first`);
  if (!options.compat && !existsSync(join(dir, "README.md")))
    throw new PackError(`${join(dir, "README.md")} is missing: Higress's image format needs one (or pack --compat)`);

  const pkg = readPackageJson(pkgFile);
  const spec = readSpec(specFile);
  const version = pkg.version ?? spec.version;
  if (!version) throw new PackError(`${pkgFile}: no version`);
  if (spec.version !== undefined && spec.version !== version) {
    process.stderr.write(
      `gatewasm pack: warning: spec.yaml info.version is ${spec.version}, package.json says ${version}; the image uses ${version}\n`,
    );
  }

  // An image that would not load is worse than none: check it as the build did.
  const wasm = readFileSync(wasmFile);
  let settings: PluginSettings;
  try {
    settings = pluginSettings(pkgFile);
  } catch (e) {
    throw new PackError((e as Error).message);
  }
  const diagnosis = diagnose(wasm, settings.flavor, settings.budget);
  if (!diagnosis.ok)
    throw new PackError(
      `not packing a module that fails its check:\n${formatVerdict(relative(process.cwd(), wasmFile), diagnosis)}`,
    );

  const image = options.tag ?? `${spec.name.replace(/\/v\d+$/, "")}:${version}`;
  const ref = tagOf(image);
  if (!ref)
    throw new PackError(
      `--tag ${image}: expected NAME:VERSION, e.g. registry.example.com/plugins/${spec.name}:${version}`,
    );
  for (const warning of tagWarnings(options.tag, image, ref, spec))
    process.stderr.write(`gatewasm pack: warning: ${warning}\n`);

  const source = { dir, wasm, name: spec.name, version, description: spec.description };
  const content = options.compat ? compatImage(source) : higressImage(source);
  const out = resolve(options.out ?? join("dist", "oci", spec.name.replace(/\/v\d+$/, "")));
  mkdirSync(out, { recursive: true });
  const written = writeImageLayout(out, content, ref);

  const defaultConfig = options.config ? readConfig(options.config) : spec.exampleConfig;
  writeFileSync(
    join(out, "wasmplugin.yaml"),
    wasmPluginYaml({
      name: spec.name.replace(/\/v\d+$/, ""),
      version,
      image,
      manifestDigest: written.manifest.digest,
      phase: spec.phase,
      priority: spec.priority,
      defaultConfig,
      namespace: options.namespace,
    }),
  );
  return { out, image, written, spec, version };
}

function summary(r: PackResult): string {
  const rel = relative(process.cwd(), r.out);
  const dir = rel === "" ? "." : rel.startsWith("..") ? r.out : rel;
  const ref = tagOf(r.image)!;
  const lines = [
    `${dir}: OCI image layout of ${r.spec.name} ${r.version}`,
    `  manifest ${r.written.manifest.digest} (${r.written.manifest.size} bytes), tagged ${ref}`,
    `  config   ${r.written.config.mediaType}`,
    ...r.written.layers.map(
      (l, i) =>
        `  layer ${i + 1}  ${l.mediaType}  ${l.annotations?.["org.opencontainers.image.title"] ?? ""}  ${l.size} bytes  ${l.digest}`,
    ),
    `${join(dir, "wasmplugin.yaml")}: WasmPlugin ${r.spec.name} pulling oci://${r.image}`,
    "",
    "push it with one of:",
    `  oras cp --from-oci-layout ${dir}:${ref} ${r.image}`,
    `  skopeo copy oci:${dir}:${ref} docker://${r.image}`,
    `  crane push ${dir} ${r.image}`,
  ];
  return `${lines.join("\n")}\n`;
}

export function packCommand(argv: string[]): number {
  const args = parseVerbArgs("pack", PACK_USAGE, argv, {
    out: { type: "string" },
    tag: { type: "string" },
    compat: { type: "boolean" },
    config: { type: "string" },
    namespace: { type: "string" },
  });
  if (typeof args === "number") return args;
  if (args.positionals.length !== 1) return usageError("pack", PACK_USAGE, "give one plugin folder");
  const v = args.values as PackOptions;
  try {
    process.stdout.write(summary(packPlugin(args.positionals[0], v)));
    return 0;
  } catch (e) {
    // What the user can fix (the folder, spec.yaml, a file to read) is a message; anything else a bug.
    if (!(e instanceof PackError || e instanceof SpecError || (e as NodeJS.ErrnoException).code)) throw e;
    process.stderr.write(`gatewasm pack: ${(e as Error).message}\n`);
    return 1;
  }
}
