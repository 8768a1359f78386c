// The host's layer order, enforced (`pnpm lint`). A folder may import from folders earlier in
// LAYERS and from itself, never from a later one; no import cycles at all, type-only imports
// included. docs/architecture.md (Host) says what each layer holds, in this order.
const LAYERS = [
  "abi",
  "loader",
  "vm",
  "process",
  "context",
  "properties",
  "hostcalls",
  "stream",
  "clusters",
  "plugin",
  "testkit",
  "gateway",
  "servers",
];
const { layerRules } = require("../../tools/layer-rules.cjs");

module.exports = {
  // The package entries (index.ts, internal.ts, engine.ts) sit on top and may import any layer.
  forbidden: [
    ...layerRules("src", LAYERS),
    {
      name: "no-unresolvable",
      comment: "an import that resolves to nothing",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports count: they tie layers together as much as value imports do.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.build.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
  },
};
