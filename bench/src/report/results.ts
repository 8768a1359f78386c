// The shape of bench/results.json: one object per run, one field per section (absent when the
// section did not run), the goals as checked, and the breaches that failed the run.

export interface Machine {
  cpus: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  assemblyscript: string;
  /** 1-minute load average when the run started and ended (other jobs share the machine). */
  loadStart: number;
  loadEnd: number;
}

export interface SizeRow {
  plugin: string;
  bytes: number;
  gzipBytes: number;
  budgetBytes: number;
  /** The raw-ABI baseline's size: what the plugin would weigh without the SDK. */
  baselineBytes: number | null;
}

export interface PerRequestRow {
  plugin: string;
  does: string;
  sdkNs: number;
  rawNs: number;
  /** Median over rounds of sdk/raw, each pair measured back to back. */
  ratio: number;
  /** (sdk - no-op) / (raw - no-op): the part of the time spent in the plugin module and its host calls. */
  pluginOnlyRatio: number;
  /** Instructions per request (callgrind), whole request through the host; absent without valgrind. */
  instructionsPerRequest?: number;
  rawInstructionsPerRequest?: number;
  /** instructionsPerRequest / rawInstructionsPerRequest: the budget CI enforces. */
  instructionRatio?: number;
  /** (sdk - no-op) / (raw - no-op) in instructions: the plugin module's share and its host calls. */
  pluginOnlyInstructionRatio?: number;
  hostCalls: Record<string, number>;
  /** The baseline made the same host calls, in the same order, as the plugin. */
  sameHostCalls: boolean;
}

/** The same add-one-header plugin on gatewasm and on a peer SDK (src/peers.ts). */
export interface PeerRow {
  name: string;
  built: string;
  bytes: number;
  gzipBytes: number;
  /** Absent without valgrind. */
  instructionsPerRequest?: number;
  /** ÷ the raw-ABI baseline that makes the same host call (mock's). */
  instructionRatio?: number;
  /** Its host calls for one request (after a first one). */
  hostCalls: Record<string, number>;
}

export interface PerRequest {
  batch: number;
  rounds: number;
  /** The host's stream machinery with no filter at all. */
  noFilterNs: number;
  /** A module with every callback and no host call: the host's overhead per request with a plugin. */
  noopNs: number;
  /** N of the callgrind windows (N then 2N requests per subject); absent without valgrind. */
  instructionRequests?: number;
  noFilterInstructions?: number;
  noopInstructions?: number;
  plugins: PerRequestRow[];
  /** Absent when the peers are not built (or the reference plugin is not). */
  peers?: PeerRow[];
}

export interface SoakRow {
  plugin: string;
  requests: number;
  warmup: number;
  pagesAfterWarmup: number;
  pagesAtEnd: number;
  /** Client status -> count (0: the stream was reset). */
  statuses: Record<string, number>;
  trapped: boolean;
  seconds: number;
}

export interface FuzzRow {
  plugin: string;
  seed: number;
  configurations: number;
  configurationsAccepted: number;
  requests: number;
  /** Generated inputs fed to the plugin: configurations, header maps, bodies, call answers, upstream responses. */
  inputs: number;
  callAnswers: number;
  traps: number;
  /** Files with the inputs that trapped. */
  failures: string[];
  seconds: number;
}

export interface LoadRow {
  name: string;
  requestsPerSecond: number;
  /** requests/s against the no-filter gateway's. */
  ratio: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** requests/s of each round, in order. */
  rounds: number[];
  /** CPU the process under test spent per request (median of the rounds), µs; null where it cannot be read. */
  cpuUsPerRequest?: number | null;
}

/** A latency run below saturation: one gateway at half its measured peak rate. */
interface HalfLoadRun {
  name: string;
  connections: number;
  peakRequestsPerSecond: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface GatewayProfileRow {
  name: string;
  requests: number;
  /** Main-thread CPU microseconds per request, by what ran. */
  cpuUsPerRequest: Record<string, number>;
}

export interface Gateway {
  tool: string;
  connections: number;
  seconds: number;
  rounds: number;
  /** What shares the 2 cores, said plainly. */
  setup: string;
  rows: LoadRow[];
  /** The 4-worker gateway at half its peak rate with 200 connections (when mock is built). */
  halfLoad?: HalfLoadRun | null;
  /** A separate profiled run per gateway (full mode): where its time goes. */
  profile: { seconds: number; rows: GatewayProfileRow[] } | null;
  skipped: string[];
}

export interface StallRow {
  name: string;
  connections: number;
  bodyMiB: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  rssAfterMiB: number;
  /** After a second round of the same stalls on the same gateway. */
  rssAfterSecondMiB: number;
  growthPerConnectionMiB: number;
  /** What the upstream wrote (slow readers) or the clients uploaded, by the plateau. */
  peerBytesMiB: number;
}

export interface Stall {
  budgetMiB: number;
  setup: string;
  rows: StallRow[];
}

export interface RateLimitWindow {
  windowStart: number;
  admitted: number;
  rejected: number;
  /** The window was covered from its start to its end. */
  full: boolean;
}

export interface RateLimit {
  vms: number;
  clients: number;
  qpm: number;
  windowSeconds: number;
  windows: RateLimitWindow[];
  overAdmissions: number;
  /** Full windows that admitted exactly qpm. */
  exactWindows: number;
  fullWindows: number;
  requests: number;
  errors: number;
  /** 200s without a window: let through uncounted because Redis answered after the timeout (fail-open). */
  failOpen?: number;
  /** The gateway's log lines for those; a fail-open answer without one counts as an over-admission. */
  failOpenLogged?: number;
  /** The plugin's Redis timeout in the run. */
  timeoutMs?: number;
}

export interface ConfigureRow {
  /** Rules, or items of the one list. */
  items: number;
  /** Size of the configuration JSON. */
  bytes: number;
  /** Median milliseconds to load, start and configure the plugin. */
  ms: number;
}

export interface ConfigureResult {
  /** The same with `{}`. */
  emptyMs: number;
  runs: number;
  rules: ConfigureRow[];
  list: ConfigureRow[];
  /** Time factor per doubling of the items, from the smallest to the largest size. */
  rulesPerDoubling: number;
  listPerDoubling: number;
  /** `gatewasm run` until it listens, with no rules and with `rules` rules. */
  gateway: { rules: number; noneMs: number; manyMs: number };
}

export interface Goal {
  what: string;
  target: string;
  value: string;
  /** null: not measured in this run (a plugin not built, a section not run). */
  met: boolean | null;
  /** A miss fails the run (sizes, traps, memory growth, over-admission); timings never do. */
  enforced: boolean;
}

export interface Results {
  mode: "full" | "quick";
  date: string;
  seconds: number;
  machine: Machine;
  /** Plugins without a release build, skipped everywhere. */
  notBuilt: string[];
  size?: SizeRow[];
  perRequest?: PerRequest;
  soak?: SoakRow[];
  fuzz?: FuzzRow[];
  gateway?: Gateway;
  stall?: Stall;
  rateLimit?: RateLimit | { skipped: string };
  configure?: ConfigureResult;
  goals: Goal[];
  breaches: string[];
}
