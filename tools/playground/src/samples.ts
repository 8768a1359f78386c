// The samples the page opens on: each plugin's own sources, configs and build settings from
// plugins/<name>, bundled as text, plus a request and scripted replies that show what it does.
export type Flavor = "envoy" | "higress";

export interface RequestInput {
  method: string;
  path: string;
  /** One `name: value` per line. */
  headers: string;
  body: string;
}

export interface Sample {
  name: string;
  flavor: Flavor;
  /** package.json "gatewasm".budget: the size doctor checks. */
  budget: number | undefined;
  /** src/<file> → text; plugin.ts is the entry. */
  files: Record<string, string>;
  config: string;
  request: RequestInput;
  /** The answer every http_call gets (JSON: status, headers, body; or "timeout" / "connect-failure"). */
  httpReply: string;
  /** Redis replies in call order, the last one repeated (JSON values: numbers are integers, {"error": …}). */
  redisReplies: string;
  /** What the upstream answers a request that reaches it (JSON: status, headers, body). */
  upstreamResponse: string;
  /** Release target of plugins/<name>/asconfig.json. */
  release: Record<string, unknown>;
}

type Json = Record<string, unknown>;
const sources = import.meta.glob<string>("../../../plugins/*/src/*.ts", {
  query: "?raw",
  import: "default",
  eager: true,
});
const configs = import.meta.glob<string>("../../../plugins/*/config/*.json", {
  query: "?raw",
  import: "default",
  eager: true,
});
const packages = import.meta.glob<Json>("../../../plugins/*/package.json", { import: "default", eager: true });
const asconfigs = import.meta.glob<Json>("../../../plugins/*/asconfig.json", { import: "default", eager: true });

const pluginOf = (path: string) => /plugins\/([^/]+)\//.exec(path)![1];

const json = (v: unknown) => JSON.stringify(v, null, 2);

/** Per sample: which config it opens with, and a request and replies that exercise it. */
const SCENES: Record<string, { config: string; request: RequestInput; httpReply?: unknown; redisReplies?: unknown }> = {
  "hello-world": {
    config: "default.json",
    request: { method: "GET", path: "/", headers: "host: example.com", body: "" },
  },
  mock: {
    config: "seed-default.json",
    request: { method: "GET", path: "/get", headers: "host: example.com\nuser-agent: playground", body: "" },
  },
  "http-call": {
    config: "seed.json",
    request: { method: "GET", path: "/orders", headers: "host: example.com", body: "" },
    httpReply: { status: 200, headers: { "x-token": "token-from-auth-service" }, body: "" },
  },
  "redis-ratelimit": {
    config: "seed.json",
    request: { method: "GET", path: "/api", headers: "host: example.com\nx-forwarded-for: 203.0.113.7", body: "" },
    // The window script answers [count in the window, window start (a multiple of the window), seconds until reset].
    redisReplies: [[1, 1764999960, 42]],
  },
};

export const SAMPLE_ORDER = ["hello-world", "mock", "http-call", "redis-ratelimit"];

function buildSamples(): Map<string, Sample> {
  const out = new Map<string, Sample>();
  for (const name of SAMPLE_ORDER) {
    const scene = SCENES[name];
    const pkgPath = Object.keys(packages).find((p) => pluginOf(p) === name);
    if (!pkgPath) continue;
    const pkg = packages[pkgPath] as { gatewasm?: { flavor?: Flavor; budget?: number } };
    const files: Record<string, string> = {};
    for (const [p, text] of Object.entries(sources))
      if (pluginOf(p) === name) files[p.slice(p.lastIndexOf("/") + 1)] = text;
    const configPath = Object.keys(configs).find((p) => pluginOf(p) === name && p.endsWith(`/config/${scene.config}`));
    const asconfig = asconfigs[Object.keys(asconfigs).find((p) => pluginOf(p) === name)!] as {
      targets: { release: Record<string, unknown> };
    };
    out.set(name, {
      name,
      flavor: pkg.gatewasm?.flavor ?? "envoy",
      budget: pkg.gatewasm?.budget,
      files,
      config: configPath ? configs[configPath] : "{}\n",
      request: scene.request,
      httpReply: json(scene.httpReply ?? { status: 200, headers: {}, body: "" }),
      redisReplies: json(scene.redisReplies ?? ["OK"]),
      upstreamResponse: json({ status: 200, headers: { "content-type": "text/plain" }, body: "from the upstream" }),
      release: asconfig.targets.release,
    });
  }
  return out;
}

export const SAMPLES = buildSamples();
