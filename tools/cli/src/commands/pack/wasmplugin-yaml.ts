// The WasmPlugin resource (Higress's extensions.higress.io/v1alpha1) that installs the packed
// image: url, phase and priority from spec.yaml, the plugin's example config as defaultConfig.
import { stringify } from "yaml";
import type { Phase } from "../../plugin/spec-yaml.js";

export interface WasmPluginInput {
  name: string;
  version: string;
  /** The image reference as pushed, without the oci:// scheme. */
  image: string;
  manifestDigest: string;
  phase: Phase;
  priority: number;
  defaultConfig: unknown;
  namespace?: string;
}

export function wasmPluginYaml(p: WasmPluginInput): string {
  const resource = {
    apiVersion: "extensions.higress.io/v1alpha1",
    kind: "WasmPlugin",
    metadata: {
      name: p.name,
      namespace: p.namespace ?? "higress-system",
      // Where the image came from, to check the pushed manifest (`crane digest`, `oras manifest fetch`).
      annotations: { "gatewasm.dev/version": p.version, "gatewasm.dev/manifest-digest": p.manifestDigest },
    },
    spec: {
      url: `oci://${p.image}`,
      imagePullPolicy: "IfNotPresent",
      phase: p.phase,
      priority: p.priority,
      defaultConfigDisable: false,
      defaultConfig: p.defaultConfig ?? {},
    },
  };
  const header = [
    `# ${p.name} ${p.version}, written by \`gatewasm pack\`. Push the image first (docs/tools.md), then:`,
    "#   kubectl apply -f wasmplugin.yaml",
    "# Route- or domain-level configs go under spec.matchRules (Higress's WasmPlugin docs).",
  ];
  return `${header.join("\n")}\n${stringify(resource, { lineWidth: 0 })}`;
}
