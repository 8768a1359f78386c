// The plugins under test and what each benchmark does with them: the benchmarked request (and
// the raw-ABI baseline that makes the same host calls for it), the soak's configuration with
// rules and its traffic, the fuzz's traffic. A plugin whose build/plugin.wasm is missing (not
// merged or not built yet) is skipped by every section and listed as such in the report.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Flavor, HeaderPair } from "@gatewasm/host";
import type { BenchRequest } from "./engine/bench-vm.js";
import { serviceAnswer, windowReply } from "./inputs/callout-answers.js";
import type { Traffic } from "./inputs/requests.js";
import { REPO, baselineWasm, pluginWasm } from "./paths.js";
import type { Rng } from "./rng.js";

export interface PluginUnderTest {
  name: string;
  flavor: Flavor;
  /** The size budget of the release .wasm: the plugin's package.json `gatewasm.budget` (doctor and pack read it too). */
  budgetBytes: number;
  /** Per-request: the configuration, what the request makes the plugin do, and the request. */
  bench: { configuration: string; does: string; request: BenchRequest };
  /** Soak: a configuration with `_rules_`, traffic that hits them, answers to its callouts. */
  soak: { configuration: string; traffic: Traffic; answer(rng: Rng, request: BenchRequest): void };
  /** Fuzz: the traffic's shape (the names the plugin reads), and its token headers (http-call). */
  fuzz: { traffic: Traffic; tokenHeaders: readonly string[] };
}

/** The benchmarked request: what Envoy hands a filter for `GET /get` from curl. */
const BENCH_HEADERS: HeaderPair[] = [
  [":authority", "example.com"],
  [":path", "/get"],
  [":method", "GET"],
  [":scheme", "http"],
  ["user-agent", "curl/8.5.0"],
  ["accept", "*/*"],
  ["x-forwarded-proto", "http"],
  ["x-request-id", "3f6c9e0a-1b2c-4d5e-8f90-123456789abc"],
];
const benchRequest = (extra: Partial<BenchRequest> = {}): BenchRequest => ({
  headers: BENCH_HEADERS,
  body: null,
  routeName: "default",
  responseHeaders: [
    [":status", "200"],
    ["content-type", "application/json"],
    ["content-length", "312"],
  ],
  responseBody: null,
  ...extra,
});

const generic: Traffic = {
  authorities: ["example.com", "a.staging.example.com", "public.example.com", "api.x", "[::1]:8080"],
  routes: ["default", "api", "payments-sandbox", "partner-api", "checkout", ""],
  interestingHeaders: [],
};

/** One budget per plugin, in one place: its package.json (`gatewasm doctor` enforces it on build). */
function budgetOf(name: string): number {
  const budget = JSON.parse(readFileSync(join(REPO, "plugins", name, "package.json"), "utf8")).gatewasm?.budget;
  if (!Number.isInteger(budget)) throw new Error(`plugins/${name}/package.json: no gatewasm.budget`);
  return budget;
}

export const PLUGINS: PluginUnderTest[] = (
  [
    {
      name: "hello-world",
      flavor: "envoy",
      bench: { configuration: "", does: "answers `200 hello world` (local reply)", request: benchRequest() },
      soak: { configuration: "{}", traffic: generic, answer: () => undefined },
      fuzz: { traffic: generic, tokenHeaders: [] },
    },
    {
      name: "mock",
      flavor: "envoy",
      bench: {
        configuration: '{"mockEnable": false}',
        does: "adds `hello: world` to the request",
        request: benchRequest(),
      },
      soak: {
        // config/rules.json plus a mock reply with headers and a JSON body on one route.
        configuration: JSON.stringify({
          requestHeaders: { "x-gateway": "gatewasm", "x-feature": ["a", "b"] },
          _rules_: [
            {
              _match_route_: ["payments-sandbox"],
              mockEnable: true,
              mockBody: { status: "approved", amount: 0 },
              mockHeaders: { "retry-after": "120" },
            },
            {
              _match_domain_: ["*.staging.example.com"],
              requestHeaders: { "x-gateway": "gatewasm", "x-env": "staging" },
            },
            { _match_route_: ["checkout"], mockEnable: true, mockStatusCode: 503, mockBody: "down for maintenance" },
          ],
        }),
        traffic: generic,
        answer: () => undefined,
      },
      fuzz: { traffic: generic, tokenHeaders: [] },
    },
    {
      name: "http-call",
      flavor: "envoy",
      bench: {
        configuration: '{"serviceName": "token.static", "requestPath": "/token", "tokenHeader": "x-token"}',
        does: "calls the token service, copies `x-token` from its 200 answer into the request, resumes",
        request: benchRequest({
          httpAnswer: {
            kind: "response",
            headers: [
              [":status", "200"],
              ["x-token", "tok-8c1f3a9e5b7d"],
              ["content-length", "0"],
            ],
            body: new Uint8Array(0),
            trailers: [],
          },
        }),
      },
      soak: {
        configuration: JSON.stringify({
          serviceName: "token.static",
          requestPath: "/token",
          tokenHeader: "x-token",
          _rules_: [
            { _match_domain_: ["public.example.com"], failurePolicy: "fail-open" },
            {
              _match_route_: ["partner-api"],
              serviceName: "partner-auth.dns",
              servicePort: 8443,
              tokenHeader: "x-partner-token",
              cacheTtl: 50,
            },
            { _match_route_: ["api"], method: "POST", forwardHeaders: ["authorization", "x-tenant-id"], timeout: 300 },
          ],
        }),
        traffic: { ...generic, interestingHeaders: ["x-token", "authorization", "x-tenant-id"] },
        answer: (rng, request) => {
          request.httpAnswer = serviceAnswer(rng, ["x-token", "x-partner-token"]);
        },
      },
      fuzz: {
        traffic: { ...generic, interestingHeaders: ["x-token", "x-partner-token", "authorization", "x-tenant-id"] },
        tokenHeaders: ["x-token", "x-partner-token", "x-service-token"],
      },
    },
    {
      name: "redis-ratelimit",
      flavor: "higress",
      bench: {
        configuration: '{"serviceName": "redis.static", "servicePort": 6379, "qpm": 1000000}',
        does: "counts the request in Redis (one EVAL), resumes, adds the rate-limit response headers",
        request: benchRequest({ redisAnswer: { status: 0, reply: Buffer.from("*3\r\n:1\r\n:1700000040\r\n:42\r\n") } }),
      },
      soak: {
        configuration: JSON.stringify({
          serviceName: "redis.static",
          servicePort: 6379,
          qpm: 100,
          _rules_: [
            { _match_route_: ["api"], ruleName: "api", qpm: 50, limitBy: "header:x-api-key" },
            { _match_domain_: ["*.example.com"], ruleName: "example-com", qpm: 200, limitBy: "query:tenant" },
            {
              _match_route_: ["checkout"],
              ruleName: "checkout",
              qpm: 20,
              failurePolicy: "fail-closed",
              windowSeconds: 10,
            },
            { _match_route_: ["partner-api"], ruleName: "partner", qpm: 30, limitBy: "ip" },
          ],
        }),
        traffic: { ...generic, interestingHeaders: ["x-api-key"] },
        answer: (rng, request) => {
          request.redisAnswer = windowReply(rng, 100, 60);
        },
      },
      fuzz: { traffic: { ...generic, interestingHeaders: ["x-api-key"] }, tokenHeaders: [] },
    },
  ] satisfies Omit<PluginUnderTest, "budgetBytes">[]
).map((p) => ({ ...p, budgetBytes: budgetOf(p.name) }));

/** The plugin's release build is there (redis-ratelimit may not have landed yet). */
export function isBuilt(p: PluginUnderTest): boolean {
  return existsSync(pluginWasm(p.name));
}

export function hasBaseline(p: PluginUnderTest): boolean {
  return existsSync(baselineWasm(p.name));
}

/** The plugin's example configurations (plugins/<name>/config/*.json), parsed. */
export function exampleConfigs(p: PluginUnderTest): Record<string, never>[] {
  const dir = join(REPO, "plugins", p.name, "config");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));
}
