// The media types of Higress's plugin image format (one file per layer; plugin.wasm tar.gz'd in
// the last layer) and of the single-layer "compat" form that stock Istio's fetcher accepts.

export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";
export const OCI_LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
/** The config `oras push` writes when given none (oras 1.0, which Higress's builder uses). */
export const ORAS_EMPTY_CONFIG = "application/vnd.unknown.config.v1+json";

export const WASM_SPEC = "application/vnd.module.wasm.spec.v1+yaml";
export const WASM_DOC = "application/vnd.module.wasm.doc.v1+markdown";
export const WASM_ICON = "application/vnd.module.wasm.icon.v1+png";
/**
 * README_{lang}.md → …doc.v1.{lang}+markdown with the language as the file name writes it
 * (README_ZH.md → ZH, README_EN.md → EN): how Higress's own plugin release workflow derives it.
 */
export const wasmDocIn = (lang: string) => `application/vnd.module.wasm.doc.v1.${lang}+markdown`;

/** Annotations oras and registries show as a layer's file name, and the ref of a layout entry. */
export const TITLE = "org.opencontainers.image.title";
export const VERSION = "org.opencontainers.image.version";
export const DESCRIPTION = "org.opencontainers.image.description";
export const REF_NAME = "org.opencontainers.image.ref.name";
/** The Wasm image spec's marker for its compat variant with an OCI layer. */
export const COMPAT_VARIANT = "module.wasm.image/variant";
