// The SDK's layer order, enforced (`pnpm lint`). A folder of assembly/ may import from folders
// earlier in LAYERS and from itself, never from a later one; no import cycles. Violations that
// predate the rule are listed in .dependency-cruiser-known-violations.json (`--ignore-known`):
// they pass until fixed, anything new fails. docs/architecture.md (SDK) says what each holds.
const LAYERS = ["abi", "proxywasm", "runtime", "context", "json", "wrapper", "clients"];
const { layerRules } = require("../../tools/layer-rules.cjs");

module.exports = {
  // The entries (index.ts, exports.ts) sit on top and may import any layer.
  forbidden: layerRules("assembly", LAYERS),
  options: {
    tsPreCompilationDeps: true,
    // AssemblyScript imports name no extension; `~lib/…` and `date` are the compiler's own.
    enhancedResolveOptions: { extensions: [".ts"] },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
  },
};
