// The SDK's layer order, enforced (`pnpm lint`). A folder of assembly/ may import from folders
// earlier in LAYERS and from itself, never from a later one; no import cycles. Violations that
// predate the rule are listed in .dependency-cruiser-known-violations.json (`--ignore-known`):
// they pass until fixed, anything new fails. docs/architecture.md (SDK) says what each holds.
const LAYERS = ["abi", "proxywasm", "runtime", "context", "json", "wrapper", "clients"];
// The entries (index.ts, exports.ts) sit on top and may import any layer.
const ENTRY = "^assembly/[^/]+\\.ts$";

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `no-upward-from-${layer}`,
  comment: `${layer} imports only from ${LAYERS.slice(0, i).join(", ") || "itself"} (layers below it)`,
  severity: "error",
  from: { path: `^assembly/${layer}/` },
  to: { path: [`^assembly/(${LAYERS.slice(i + 1).join("|")})/`, ENTRY] },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "an import cycle hides which layer owns what",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: "no-unlisted-layer",
      comment: "a new folder under assembly/ needs its place in LAYERS (and in docs/architecture.md)",
      severity: "error",
      from: { path: "^assembly/", pathNot: [`^assembly/(${LAYERS.join("|")})/`, ENTRY] },
      to: {},
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    // AssemblyScript imports name no extension; `~lib/…` and `date` are the compiler's own.
    enhancedResolveOptions: { extensions: [".ts"] },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
  },
};
