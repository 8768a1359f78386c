// What goes into a plugin's image, in Higress's format or the compat form, from the plugin's
// folder: which file becomes which layer, with which media type, in which order.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipStored } from "./gzip.js";
import {
  COMPAT_VARIANT,
  DESCRIPTION,
  OCI_IMAGE_CONFIG,
  OCI_LAYER_TAR_GZIP,
  ORAS_EMPTY_CONFIG,
  TITLE,
  VERSION,
  WASM_DOC,
  WASM_ICON,
  WASM_SPEC,
  wasmDocIn,
} from "./media-types.js";
import type { Blob, ImageContent } from "./oci-layout.js";
import { sha256Digest } from "./oci-layout.js";
import { tar } from "./tar.js";

export interface ImageSource {
  dir: string;
  wasm: Uint8Array;
  name: string;
  version: string;
  description?: string;
}

const file = (dir: string, name: string, mediaType: string): Blob => ({
  mediaType,
  data: readFileSync(join(dir, name)),
  annotations: { [TITLE]: name },
});

/** The layer holding plugin.wasm, as `tar czf plugin.tar.gz plugin.wasm` would make it. */
function wasmLayer(wasm: Uint8Array): { blob: Blob; tarDigest: string } {
  const archive = tar([{ name: "plugin.wasm", data: wasm }]);
  return {
    blob: { mediaType: OCI_LAYER_TAR_GZIP, data: gzipStored(archive), annotations: { [TITLE]: "plugin.tar.gz" } },
    tarDigest: sha256Digest(archive),
  };
}

/** README_ZH.md → "ZH", in a stable order, so layer order does not depend on the file system. */
function translatedReadmes(dir: string): { name: string; lang: string }[] {
  return readdirSync(dir)
    .map((name) => ({ name, m: /^README_([A-Za-z]{2}(?:-[A-Za-z]{2})?)\.md$/.exec(name) }))
    .filter((f): f is { name: string; m: RegExpExecArray } => f.m !== null)
    .map((f) => ({ name: f.name, lang: f.m[1] }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function higressImage(src: ImageSource): ImageContent {
  for (const required of ["spec.yaml", "README.md"]) {
    if (!existsSync(join(src.dir, required)))
      throw new Error(`${join(src.dir, required)} is missing: Higress's image format needs spec.yaml and README.md`);
  }
  const layers: Blob[] = [file(src.dir, "spec.yaml", WASM_SPEC), file(src.dir, "README.md", WASM_DOC)];
  for (const readme of translatedReadmes(src.dir)) layers.push(file(src.dir, readme.name, wasmDocIn(readme.lang)));
  if (existsSync(join(src.dir, "icon.png"))) layers.push(file(src.dir, "icon.png", WASM_ICON));
  layers.push(wasmLayer(src.wasm).blob); // Higress reads plugin.wasm from the last layer
  return {
    config: { mediaType: ORAS_EMPTY_CONFIG, data: Buffer.from("{}") },
    layers,
    annotations: imageAnnotations(src),
  };
}

export function compatImage(src: ImageSource): ImageContent {
  const { blob, tarDigest } = wasmLayer(src.wasm);
  // A real image config, so registries and tools treat it as an ordinary `FROM scratch` image.
  const config = { architecture: "wasm", os: "wasi", rootfs: { type: "layers", diff_ids: [tarDigest] }, config: {} };
  return {
    config: { mediaType: OCI_IMAGE_CONFIG, data: Buffer.from(JSON.stringify(config)) },
    layers: [blob],
    annotations: { ...imageAnnotations(src), [COMPAT_VARIANT]: "compat" },
  };
}

function imageAnnotations(src: ImageSource): Record<string, string> {
  const a: Record<string, string> = { [TITLE]: src.name, [VERSION]: src.version };
  if (src.description) a[DESCRIPTION] = src.description;
  return a;
}
