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
// The package entries (index.ts, internal.ts) sit on top and may import any layer.
const ENTRY = "^src/[^/]+\\.ts$";

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `no-upward-from-${layer}`,
  comment: `${layer} imports only from ${LAYERS.slice(0, i).join(", ") || "itself"} (layers below it)`,
  severity: "error",
  from: { path: `^src/${layer}/` },
  to: { path: [`^src/(${LAYERS.slice(i + 1).join("|")})/`, ENTRY] },
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
      comment: "a new folder under src/ needs its place in LAYERS (and in docs/architecture.md)",
      severity: "error",
      from: { path: "^src/", pathNot: [`^src/(${LAYERS.join("|")})/`, ENTRY] },
      to: {},
    },
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
