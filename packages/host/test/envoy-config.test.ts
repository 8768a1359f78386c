// Reading envoy.yaml: the seed's file, the fields the gateway runs, and clear errors or
// warnings for the rest.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { ConfigError, parseEnvoyYaml } from "../src/index.js";
import { HeaderMap } from "../src/internal.js";
import { matchRoute } from "../src/gateway/route-table.js";

// biome-ignore lint/suspicious/noExplicitAny: a parsed envoy.yaml (or the config read from it) walked and edited by path; a type would restate Envoy's schema.
type Doc = any;

const seed = readFileSync(fileURLToPath(new URL("./fixtures/seed-envoy.yaml", import.meta.url)), "utf8");

const seedDoc = parse(seed);

function yamlWith(mutate: (doc: Doc) => void): string {
  const doc = structuredClone(seedDoc);
  mutate(doc);
  return stringify(doc);
}

const hcmOf = (doc: Doc) => doc.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
const wasmOf = (doc: Doc) => hcmOf(doc).http_filters[0].typed_config.value.config;

describe("the seed's envoy.yaml", () => {
  it("parses into one listener, the wasm filter, the router and the httpbin cluster", () => {
    const config = parseEnvoyYaml(seed);
    const [listener] = config.listeners;
    expect([listener.host, listener.port, listener.bufferLimitBytes]).toEqual(["0.0.0.0", 10000, 1024 * 1024]);
    expect(listener.hcm.schemeToOverwrite).toBe("https");
    const [wasm, router] = listener.hcm.filters;
    expect(router.kind).toBe("router");
    if (wasm.kind !== "wasm") throw new Error("expected the wasm filter first");
    expect(wasm.plugin).toMatchObject({
      filterName: "wasmdemo",
      name: "wasmdemo",
      rootId: "",
      vmId: "",
      code: { filename: "/etc/envoy/main.wasm" },
      failurePolicy: "FAIL_RELOAD",
    });
    expect(Buffer.from(wasm.plugin.configuration).toString()).toBe('{\n  "mockEnable": false\n}\n');
    expect(config.clusters).toEqual([
      {
        name: "httpbin",
        endpoints: [{ host: "httpbin", port: 80 }],
        connectTimeoutMs: 30_000,
        family: 4,
        bufferLimitBytes: 1_048_576,
      },
    ]);
    expect(config.warnings).toEqual([]);
    expect(config.admin).toEqual({ host: "0.0.0.0", port: 9901 });
  });
});

describe("fields", () => {
  it("passes a Struct configuration as JSON and a BytesValue as its bytes", () => {
    const struct = parseEnvoyYaml(
      yamlWith(
        (d) =>
          (wasmOf(d).configuration = {
            "@type": "type.googleapis.com/google.protobuf.Struct",
            value: { a: [1, true] },
          }),
      ),
    );
    expect(Buffer.from((struct.listeners[0].hcm.filters[0] as Doc).plugin.configuration).toString()).toBe(
      '{"a":[1,true]}',
    );
    const bytes = parseEnvoyYaml(
      yamlWith(
        (d) =>
          (wasmOf(d).configuration = {
            "@type": "type.googleapis.com/google.protobuf.BytesValue",
            value: Buffer.from([0, 1, 2]).toString("base64"),
          }),
      ),
    );
    expect(Array.from((bytes.listeners[0].hcm.filters[0] as Doc).plugin.configuration)).toEqual([0, 1, 2]);
  });

  it("accepts the Wasm message directly as typed_config, and reads fail_open, failure_policy and reload_config", () => {
    const direct = parseEnvoyYaml(
      yamlWith((d) => {
        const config = wasmOf(d);
        hcmOf(d).http_filters[0].typed_config = {
          "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
          config: { ...config, fail_open: true },
        };
      }),
    );
    expect((direct.listeners[0].hcm.filters[0] as Doc).plugin.failurePolicy).toBe("FAIL_IGNORE");
    const reload = parseEnvoyYaml(
      yamlWith((d) =>
        Object.assign(wasmOf(d), {
          failure_policy: "FAIL_CLOSED",
          reload_config: { backoff: { base_interval: "0.25s" } },
        }),
      ),
    );
    expect((reload.listeners[0].hcm.filters[0] as Doc).plugin).toMatchObject({
      failurePolicy: "FAIL_CLOSED",
      reloadBackoffMs: 250,
    });
    expect(() =>
      parseEnvoyYaml(yamlWith((d) => Object.assign(wasmOf(d), { fail_open: true, failure_policy: "FAIL_RELOAD" }))),
    ).toThrow("only one of fail_open or failure_policy can be set");
  });

  it("warns, naming the path, about a known field no request can see", () => {
    const config = parseEnvoyYaml(
      yamlWith((d) => (hcmOf(d).route_config.virtual_hosts[0].routes[0].decorator = { operation: "checkout" })),
    );
    expect(config.warnings).toContain(
      "envoy.yaml: static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes[0].decorator: ignored: only changes tracing",
    );
  });

  it("refuses what it cannot run, saying where", () => {
    const refuse = (mutate: (d: Doc) => void, message: RegExp) => {
      let error: unknown;
      try {
        parseEnvoyYaml(yamlWith(mutate));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
    };
    refuse(
      (d) =>
        hcmOf(d).http_filters.unshift({
          name: "envoy.filters.http.lua",
          typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua" },
        }),
      /http_filters\[0\]: http filter envoy.filters.http.lua .* is not supported/,
    );
    refuse((d) => hcmOf(d).http_filters.reverse(), /the router must be the last filter/);
    refuse((d) => (d.static_resources.clusters[0].type = "EDS"), /clusters\[0\]\.type: EDS clusters are not supported/);
    refuse(
      (d) => (d.static_resources.listeners[0].filter_chains[0].transport_socket = { name: "tls" }),
      /TLS listeners are not supported/,
    );
    refuse(
      (d) => (wasmOf(d).vm_config.code = { remote: { http_uri: { uri: "http://x" } } }),
      /code\.remote: remote code is not supported/,
    );
    refuse((d) => (hcmOf(d).rds = { route_config_name: "r" }), /route discovery is not supported/);
    expect(() => parseEnvoyYaml("static_resources: [")).toThrow(/not valid YAML/);
  });
});

describe("routes", () => {
  const config = parseEnvoyYaml(
    yamlWith((d) => {
      hcmOf(d).route_config.virtual_hosts = [
        {
          name: "api",
          domains: ["api.example.com"],
          routes: [{ name: "exact", match: { path: "/v1/users" }, route: { cluster: "httpbin" } }],
        },
        {
          name: "wild",
          domains: ["*.example.com"],
          routes: [
            {
              name: "re",
              match: { safe_regex: { regex: "/items/[0-9]+" } },
              route: { cluster: "httpbin", timeout: "3s" },
            },
          ],
        },
        {
          name: "any",
          domains: ["*"],
          routes: [
            {
              name: "hdr",
              match: { prefix: "/", headers: [{ name: "x-canary", exact_match: "1" }] },
              route: { cluster: "httpbin" },
            },
            { name: "ci", match: { prefix: "/CASE", case_sensitive: false }, route: { cluster: "httpbin" } },
            { name: "fallback", match: { prefix: "/" }, route: { cluster: "httpbin" } },
          ],
        },
      ];
    }),
  ).listeners[0].hcm.routes;
  const route = (authority: string, path: string, extra: Record<string, string> = {}) =>
    matchRoute(config, new HeaderMap([[":authority", authority], [":path", path], ...Object.entries(extra)]))?.name;

  it("prefers exact domains, then suffix wildcards, then *", () => {
    expect(route("api.example.com", "/v1/users?x=1")).toBe("exact");
    expect(route("www.example.com", "/items/42")).toBe("re");
    expect(route("www.example.com", "/items/abc")).toBeUndefined();
    expect(route("other", "/x")).toBe("fallback");
  });

  it("matches headers and case-insensitive prefixes", () => {
    expect(route("other", "/x", { "x-canary": "1" })).toBe("hdr");
    expect(route("other", "/case/y")).toBe("ci");
  });
});
