// An OCI image layout (image-spec layout.md): `oci-layout`, `index.json` and content-addressed
// blobs, written with nothing but fs and sha256. oras, skopeo and crane push such a folder to
// any registry. JSON is written compactly with a fixed key order, so equal inputs give equal
// manifest digests.
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OCI_INDEX, OCI_MANIFEST, REF_NAME } from "./media-types.js";

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface Blob {
  mediaType: string;
  data: Uint8Array;
  annotations?: Record<string, string>;
}

export interface ImageContent {
  config: Blob;
  layers: Blob[];
  annotations?: Record<string, string>;
}

export interface WrittenImage {
  manifest: Descriptor;
  config: Descriptor;
  layers: Descriptor[];
}

export function sha256Digest(data: Uint8Array): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

function describe(blob: Blob): Descriptor {
  const d: Descriptor = { mediaType: blob.mediaType, digest: sha256Digest(blob.data), size: blob.data.length };
  if (blob.annotations) d.annotations = blob.annotations;
  return d;
}

/** Replaces the layout in `dir` (other files there are left alone) with one image tagged `ref`. */
export function writeImageLayout(dir: string, image: ImageContent, ref: string): WrittenImage {
  const blobDir = join(dir, "blobs", "sha256");
  // A previous pack's blobs would otherwise linger unreferenced.
  rmSync(join(dir, "blobs"), { recursive: true, force: true });
  mkdirSync(blobDir, { recursive: true });
  const put = (data: Uint8Array) => writeFileSync(join(blobDir, sha256Digest(data).slice("sha256:".length)), data);

  const config = describe(image.config);
  const layers = image.layers.map(describe);
  for (const blob of [image.config, ...image.layers]) put(blob.data);

  const manifestJson: Record<string, unknown> = { schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers };
  if (image.annotations) manifestJson.annotations = image.annotations;
  const manifestBytes = Buffer.from(JSON.stringify(manifestJson));
  put(manifestBytes);
  const manifest: Descriptor = {
    mediaType: OCI_MANIFEST,
    digest: sha256Digest(manifestBytes),
    size: manifestBytes.length,
  };

  const index = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [{ ...manifest, annotations: { [REF_NAME]: ref } }],
  };
  writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  writeFileSync(join(dir, "index.json"), JSON.stringify(index));
  return { manifest, config, layers };
}
