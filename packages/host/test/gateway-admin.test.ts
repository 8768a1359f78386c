// The admin interface as Envoy serves it, on a running gateway with real traffic: /ready,
// /stats (Envoy's names, plugin metrics, wasm VM stats), /stats/prometheus, /clusters,
// /config_dump, /logging and /server_info.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MetricType } from "../src/internal.js";
import {
  freeLoopbackPort,
  startEchoUpstream,
  startGateway,
  type EchoUpstream,
  type RunningGateway,
} from "../src/index.js";
import { writeGatewayYaml } from "./support/gateway-yaml.js";
import { call, last, save, saved } from "./support/script.js";

let upstream: EchoUpstream;
let gateway: RunningGateway;
let deadPort: number;
const lines: string[] = [];

const admin = (path: string, init?: RequestInit) => fetch(`${gateway.adminUrl}${path}`, init);
const text = async (path: string, init?: RequestInit) => {
  const res = await admin(path, init);
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
};

beforeAll(async () => {
  upstream = await startEchoUpstream();
  deadPort = await freeLoopbackPort();
  gateway = await startGateway({
    envoyYaml: writeGatewayYaml({
      plugins: [
        {
          name: "demo",
          script: {
            request_headers: [
              call("define_metric", MetricType.Counter, "demo_requests"),
              save(0, last),
              call("increment_metric", saved(0), 1n),
              call("define_metric", MetricType.Histogram, "demo.size"),
              save(1, last),
              call("record_metric", saved(1), 7n),
              call("log", 1, "debug line from the plugin"),
            ],
          },
        },
      ],
      clusters: { upstream: upstream.address, dead: `127.0.0.1:${deadPort}` },
      routes: [
        { name: "dead", match: { prefix: "/dead" }, route: { cluster: "dead" } },
        { name: "default", match: { prefix: "/" }, route: { cluster: "upstream" } },
      ],
    }),
    listen: "127.0.0.1:0",
    admin: "127.0.0.1:0",
    concurrency: 2,
    logLevel: "info",
    output: (l) => lines.push(l),
  });
  for (let i = 0; i < 3; i++) expect((await fetch(`${gateway.url}/get`)).status).toBe(200);
  expect((await fetch(`${gateway.url}/dead`)).status).toBe(503);
});
afterAll(async () => {
  await gateway?.stop();
  await upstream?.stop();
});

function statsOf(body: string): Map<string, string> {
  return new Map(
    body
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf(": ")), l.slice(l.indexOf(": ") + 2)]),
  );
}

describe("admin", () => {
  it("answers /ready with LIVE", async () => {
    expect(await text("/ready")).toMatchObject({ status: 200, body: "LIVE\n" });
  });

  it("counts requests in /stats under Envoy's names, with plugin metrics and the wasm VMs", async () => {
    const stats = statsOf((await text("/stats")).body);
    expect(stats.get("http.ingress_http.downstream_rq_total")).toBe("4");
    expect(stats.get("http.ingress_http.downstream_rq_completed")).toBe("4");
    expect(stats.get("http.ingress_http.downstream_rq_2xx")).toBe("3");
    expect(stats.get("http.ingress_http.downstream_rq_5xx")).toBe("1");
    expect(stats.get("http.ingress_http.downstream_rq_active")).toBe("0");
    expect(stats.get("cluster.upstream.upstream_rq_total")).toBe("3");
    expect(stats.get("cluster.upstream.upstream_rq_200")).toBe("3");
    expect(stats.get("cluster.upstream.upstream_rq_2xx")).toBe("3");
    expect(stats.get("cluster.dead.upstream_rq_total")).toBe("1");
    expect(stats.get("cluster.dead.upstream_rq_503")).toBe("1");
    expect(stats.get("cluster.dead.upstream_cx_connect_fail")).toBe("1");
    expect(Number(stats.get("http.ingress_http.downstream_cx_total"))).toBeGreaterThanOrEqual(1);
    // Two workers: one VM each (the canary is gone once the gateway runs).
    expect(stats.get("wasm.envoy.wasm.runtime.v8.active")).toBe("2");
    expect(stats.get("wasm.envoy.wasm.runtime.v8.created")).toBe("2");
    expect(stats.get("wasmcustom.demo_requests")).toBe("4");
    expect(stats.get("wasmcustom.demo.size")).toBe(
      "P0(nan,7) P25(nan,7) P50(nan,7) P75(nan,7) P90(nan,7) P95(nan,7) P99(nan,7) P99.5(nan,7) P99.9(nan,7) P100(nan,7)",
    );
    expect(stats.get("server.live")).toBe("1");
    expect(stats.get("server.concurrency")).toBe("2");
    // Sorted by name, histograms last, as Envoy prints them.
    const names = [...stats.keys()];
    expect(names.slice(0, -1)).toEqual([...names.slice(0, -1)].sort());
    expect(names[names.length - 1]).toBe("wasmcustom.demo.size");
  });

  it("filters /stats by regex and answers JSON; a bad regex is a 400 with the reason", async () => {
    const filtered = await text("/stats?filter=^cluster%5C.upstream%5C.upstream_rq_2");
    expect(filtered.body).toBe("cluster.upstream.upstream_rq_200: 3\ncluster.upstream.upstream_rq_2xx: 3\n");
    const json = JSON.parse((await text("/stats?format=json&filter=downstream_rq_total")).body) as {
      stats: { name: string; value: number }[];
    };
    expect(json.stats).toEqual([{ name: "http.ingress_http.downstream_rq_total", value: 4 }]);
    const bad = await text("/stats?filter=(");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/^Invalid re2 regex/);
  });

  it("renders /stats/prometheus as Envoy converts names: envoy_ prefix, tags as labels, # TYPE lines", async () => {
    const { status, type, body } = await text("/stats/prometheus");
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain(
      '# TYPE envoy_http_downstream_rq_total counter\nenvoy_http_downstream_rq_total{envoy_http_conn_manager_prefix="ingress_http"} 4\n\n',
    );
    expect(body).toContain(
      '# TYPE envoy_http_downstream_rq_xx counter\nenvoy_http_downstream_rq_xx{envoy_response_code_class="2",envoy_http_conn_manager_prefix="ingress_http"} 3\nenvoy_http_downstream_rq_xx{envoy_response_code_class="5",envoy_http_conn_manager_prefix="ingress_http"} 1\n\n',
    );
    expect(body).toContain('envoy_cluster_upstream_rq{envoy_response_code="200",envoy_cluster_name="upstream"} 3\n');
    expect(body).toContain(
      'envoy_cluster_upstream_rq_total{envoy_cluster_name="dead"} 1\nenvoy_cluster_upstream_rq_total{envoy_cluster_name="upstream"} 3\n',
    );
    // Plugin metrics: their own name, no envoy_ prefix (Envoy's custom stat namespace).
    expect(body).toContain("# TYPE demo_requests counter\ndemo_requests{} 4\n\n");
    expect(body).toContain(
      "# TYPE envoy_wasm_envoy_wasm_runtime_v8_active gauge\nenvoy_wasm_envoy_wasm_runtime_v8_active{} 2\n",
    );
    expect(body).toContain(
      '# TYPE demo_size histogram\ndemo_size_bucket{le="0.5"} 0\ndemo_size_bucket{le="1"} 0\ndemo_size_bucket{le="5"} 0\ndemo_size_bucket{le="10"} 4\n',
    );
    expect(body).toContain('demo_size_bucket{le="+Inf"} 4\ndemo_size_sum{} 28\ndemo_size_count{} 4\n');
    // Counters, then gauges, then histograms.
    expect(body.indexOf("counter\n")).toBeLessThan(body.indexOf("gauge\n"));
    expect(body.lastIndexOf("gauge\n")).toBeLessThan(body.indexOf("histogram\n"));
  });

  it("lists clusters and their hosts in /clusters", async () => {
    const { body } = await text("/clusters");
    expect(body).toContain(`upstream::${upstream.address}::rq_total::3\n`);
    expect(body).toContain(`upstream::${upstream.address}::rq_success::3\n`);
    expect(body).toContain(`dead::127.0.0.1:${deadPort}::rq_error::1\n`);
    expect(body).toContain(`upstream::${upstream.address}::health_flags::healthy\n`);
    expect(body).toContain("upstream::default_priority::max_connections::1024\n");
  });

  it("dumps the static config as read in /config_dump", async () => {
    const dump = JSON.parse((await text("/config_dump")).body) as { configs: Record<string, any>[] };
    expect(dump.configs.map((c) => c["@type"])).toEqual([
      "type.googleapis.com/envoy.admin.v3.BootstrapConfigDump",
      "type.googleapis.com/envoy.admin.v3.ClustersConfigDump",
      "type.googleapis.com/envoy.admin.v3.ListenersConfigDump",
    ]);
    expect(dump.configs[0].bootstrap.static_resources.listeners[0].name).toBe("listener_0");
    expect(dump.configs[1].static_clusters.map((c: any) => c.cluster.name)).toEqual(["upstream", "dead"]);
    expect(dump.configs[2].static_listeners[0].listener["@type"]).toBe(
      "type.googleapis.com/envoy.config.listener.v3.Listener",
    );
  });

  it("changes the wasm log level with POST /logging?wasm=debug: debug lines appear", async () => {
    expect(lines.some((l) => l.includes("debug line from the plugin"))).toBe(false);
    const get = await text("/logging?wasm=debug");
    expect(get).toMatchObject({ status: 405, body: "Method GET not allowed, POST required." });
    const post = await text("/logging?wasm=debug", { method: "POST" });
    expect(post.status).toBe(200);
    expect(post.body).toMatch(/^active loggers:\n/);
    expect(post.body).toContain("  wasm: debug\n");
    expect(post.body).toContain("  http: info\n");
    await fetch(`${gateway.url}/get`);
    expect(lines.some((l) => /\[debug\]\[wasm\] wasm log demo: debug line from the plugin$/.test(l))).toBe(true);
    const all = await text("/logging?level=warning", { method: "POST" });
    expect(all.body).toContain("  wasm: warning\n");
    expect(all.body).toContain("  http: warning\n");
    const bad = await text("/logging?wasm=loud", { method: "POST" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/unknown logger level "loud"/);
    await text("/logging?wasm=info", { method: "POST" });
  });

  it("describes the server in /server_info and lists its endpoints at / (unknown paths: 404)", async () => {
    const info = JSON.parse((await text("/server_info")).body) as Record<string, any>;
    expect(info.state).toBe("LIVE");
    expect(info.version).toMatch(/^gatewasm\//);
    expect(info.command_line_options.concurrency).toBe(2);
    expect(info.uptime_current_epoch).toMatch(/^\d+s$/);
    const index = await text("/");
    expect(index.body).toMatch(/^admin commands are:\n/);
    for (const p of ["/ready", "/stats", "/stats/prometheus", "/clusters", "/config_dump", "/logging", "/server_info"])
      expect(index.body).toContain(`  ${p}: `);
    const missing = await text("/nope");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatch(/^invalid path\./);
  });
});

describe("where the admin listens", () => {
  it("is not served unless asked (startGateway); a busy admin port stops the gateway with the reason", async () => {
    const plain = await startGateway({
      envoyYaml: writeGatewayYaml({ plugins: [], clusters: { upstream: upstream.address } }),
      listen: "127.0.0.1:0",
      output: () => undefined,
    });
    expect(plain.adminUrl).toBeNull();
    await plain.stop();
    const port = new URL(gateway.adminUrl!).port;
    await expect(
      startGateway({
        envoyYaml: writeGatewayYaml({ plugins: [], clusters: { upstream: upstream.address } }),
        listen: "127.0.0.1:0",
        admin: `127.0.0.1:${port}`,
        output: () => undefined,
      }),
    ).rejects.toThrow(new RegExp(`cannot listen for the admin interface on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
  });
});
