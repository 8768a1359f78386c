// The layer rule dependency-cruiser enforces in the host and the SDK (each package's
// .dependency-cruiser.cjs names its root folder and its LAYERS, bottom up): a folder imports
// only from folders earlier in LAYERS and from itself, the entries on top import anything, no
// import cycles, and a folder that is not in LAYERS is refused until it gets its place.
function layerRules(root, layers) {
  // The package's entries (index.ts, internal.ts, exports.ts …) sit on top and may import any layer.
  const entry = `^${root}/[^/]+\\.ts$`;
  const upward = layers.slice(0, -1).map((layer, i) => ({
    name: `no-upward-from-${layer}`,
    comment: `${layer} imports only from ${layers.slice(0, i).join(", ") || "itself"} (layers below it)`,
    severity: "error",
    from: { path: `^${root}/${layer}/` },
    to: { path: [`^${root}/(${layers.slice(i + 1).join("|")})/`, entry] },
  }));
  return [
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
      comment: `a new folder under ${root}/ needs its place in LAYERS (and in docs/architecture.md)`,
      severity: "error",
      from: { path: `^${root}/`, pathNot: [`^${root}/(${layers.join("|")})/`, entry] },
      to: {},
    },
  ];
}

module.exports = { layerRules };
