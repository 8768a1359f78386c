// The peer comparison: the same add-one-header plugin (`hello: world` on every request, what
// mock does for the benchmarked request) on gatewasm's SDK and on solo-io's proxy-runtime,
// built by peers/build.mjs. Both get mock's benchmarked request; their raw-ABI reference is
// mock's baseline, which makes the one host call they make.
export interface Peer {
  name: string;
  /** What it is built with. */
  built: string;
  rootId: string;
  configuration: string;
}

export const PEERS: Peer[] = [
  {
    name: "gatewasm-add-header",
    built: "gatewasm SDK (wrapper layer), AssemblyScript 0.28.20, the plugins' release flags",
    rootId: "",
    configuration: "",
  },
  // proxy-runtime 0.1.8 traps on an empty configuration (packages/host's foreign suite shows it).
  {
    name: "proxy-runtime-add-header",
    built: "@solo-io/proxy-runtime 0.1.8, AssemblyScript 0.14.9, its README's `--optimize`",
    rootId: "add_header",
    configuration: "world",
  },
];

/** Whose request and baseline the peers are measured with. */
export const PEER_REFERENCE = "mock";
