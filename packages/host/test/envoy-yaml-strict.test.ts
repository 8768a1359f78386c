// The strict envoy.yaml reader: every known field of every message the gateway reads is either
// run, warned about (naming it) or refused (naming it); unknown fields are refused by path; the
// plugins' and the seed's envoy.yaml files still load.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { ConfigError, parseEnvoyYaml } from "../src/index.js";
import * as fields from "../src/gateway/envoy-fields.js";
import type { MessageSchema } from "../src/gateway/envoy-fields.js";
import { renderFieldsTable } from "./support/fields-table.js";

// biome-ignore lint/suspicious/noExplicitAny: a parsed envoy.yaml (or the config read from it) walked and edited by path; a type would restate Envoy's schema.
type Doc = any;

const seed = readFileSync(fileURLToPath(new URL("./fixtures/seed-envoy.yaml", import.meta.url)), "utf8");

/** The seed, plus a direct response route with a string-matched header and a listener filter, so every message is there. */
function baseDoc(): Doc {
  const d = parse(seed);
  hcm(d).route_config.virtual_hosts[0].routes.unshift({
    name: "direct",
    match: { prefix: "/direct", headers: [{ name: "x-a", string_match: { exact: "1" } }] },
    direct_response: { status: 200, body: { inline_string: "hi" } },
  });
  d.static_resources.listeners[0].listener_filters = [{ name: "envoy.filters.listener.tls_inspector" }];
  return d;
}
const listener = (d: Doc) => d.static_resources.listeners[0];
const hcm = (d: Doc) => listener(d).filter_chains[0].filters[0].typed_config;
const wasmStruct = (d: Doc) => hcm(d).http_filters[0].typed_config;
const cluster = (d: Doc) => d.static_resources.clusters[0];
const L = "static_resources.listeners[0]";
const H = `${L}.filter_chains[0].filters[0].typed_config`;
const W = `${H}.http_filters[0].typed_config.value.config`;
const R = `${H}.route_config.virtual_hosts[0]`;
const C = "static_resources.clusters[0]";
const E = `${C}.load_assignment.endpoints[0].lb_endpoints[0].endpoint`;

/** Where each message sits in the base document. */
const LOCATIONS: [MessageSchema, (d: Doc) => Doc, string][] = [
  [fields.BOOTSTRAP, (d) => d, ""],
  [fields.STATIC_RESOURCES, (d) => d.static_resources, "static_resources"],
  [fields.LISTENER, listener, L],
  [fields.LISTENER_FILTER, (d) => listener(d).listener_filters[0], `${L}.listener_filters[0]`],
  [fields.FILTER_CHAIN, (d) => listener(d).filter_chains[0], `${L}.filter_chains[0]`],
  [fields.NETWORK_FILTER, (d) => listener(d).filter_chains[0].filters[0], `${L}.filter_chains[0].filters[0]`],
  [fields.ADDRESS, (d) => listener(d).address, `${L}.address`],
  [fields.SOCKET_ADDRESS, (d) => listener(d).address.socket_address, `${L}.address.socket_address`],
  [fields.HCM, hcm, H],
  [
    fields.SCHEME_HEADER_TRANSFORMATION,
    (d) => hcm(d).scheme_header_transformation,
    `${H}.scheme_header_transformation`,
  ],
  [fields.HTTP_FILTER, (d) => hcm(d).http_filters[0], `${H}.http_filters[0]`],
  [fields.ROUTER, (d) => hcm(d).http_filters[1].typed_config, `${H}.http_filters[1].typed_config`],
  [fields.TYPED_STRUCT, wasmStruct, `${H}.http_filters[0].typed_config`],
  [fields.WASM_FILTER, (d) => wasmStruct(d).value, `${H}.http_filters[0].typed_config.value`],
  [fields.PLUGIN_CONFIG, (d) => wasmStruct(d).value.config, W],
  [fields.VM_CONFIG, (d) => wasmStruct(d).value.config.vm_config, `${W}.vm_config`],
  [fields.ASYNC_DATA_SOURCE, (d) => wasmStruct(d).value.config.vm_config.code, `${W}.vm_config.code`],
  [fields.DATA_SOURCE, (d) => wasmStruct(d).value.config.vm_config.code.local, `${W}.vm_config.code.local`],
  [fields.ROUTE_CONFIGURATION, (d) => hcm(d).route_config, `${H}.route_config`],
  [fields.VIRTUAL_HOST, (d) => hcm(d).route_config.virtual_hosts[0], R],
  [fields.ROUTE, (d) => hcm(d).route_config.virtual_hosts[0].routes[1], `${R}.routes[1]`],
  [fields.ROUTE_MATCH, (d) => hcm(d).route_config.virtual_hosts[0].routes[1].match, `${R}.routes[1].match`],
  [fields.ROUTE_ACTION, (d) => hcm(d).route_config.virtual_hosts[0].routes[1].route, `${R}.routes[1].route`],
  [
    fields.STRING_MATCHER,
    (d) => hcm(d).route_config.virtual_hosts[0].routes[0].match.headers[0].string_match,
    `${R}.routes[0].match.headers[0].string_match`,
  ],
  [fields.CLUSTER, cluster, C],
  [fields.LOAD_ASSIGNMENT, (d) => cluster(d).load_assignment, `${C}.load_assignment`],
  [fields.LOCALITY_LB_ENDPOINTS, (d) => cluster(d).load_assignment.endpoints[0], `${C}.load_assignment.endpoints[0]`],
  [
    fields.LB_ENDPOINT,
    (d) => cluster(d).load_assignment.endpoints[0].lb_endpoints[0],
    `${C}.load_assignment.endpoints[0].lb_endpoints[0]`,
  ],
  [fields.ENDPOINT, (d) => cluster(d).load_assignment.endpoints[0].lb_endpoints[0].endpoint, E],
];

function load(mutate: (d: Doc) => void) {
  const d = baseDoc();
  mutate(d);
  return parseEnvoyYaml(stringify(d));
}

function refusal(mutate: (d: Doc) => void): string {
  try {
    load(mutate);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

const NOT_DEFAULT = { set: "by the test" };
/** How a message names a field: the file, then the field's path. */
const where = (path: string, field: string) => `envoy.yaml: ${path ? `${path}.${field}` : field}`;

describe("every known field the gateway does not run", () => {
  const refused = LOCATIONS.flatMap(([schema, at, path]) =>
    schema.fields
      .filter((f) => !schema.read.includes(f) && !schema.warn?.[f])
      .map((f) => [where(path, f), at, f] as const),
  );
  const warned = LOCATIONS.flatMap(([schema, at, path]) =>
    Object.keys(schema.warn ?? {}).map((f) => [where(path, f), at, f] as const),
  );

  it("covers the messages of the table", () => {
    expect(refused.length).toBeGreaterThan(150);
    expect(warned.length).toBeGreaterThan(60);
  });

  it.each(refused)("refuses %s, naming it", (where, at, field) => {
    expect(refusal((d) => (at(d)[field] = NOT_DEFAULT))).toContain(`${where}:`);
  });

  it.each(warned)("warns about %s, naming it, and starts", (where, at, field) => {
    expect(load((d) => (at(d)[field] = NOT_DEFAULT)).warnings.some((w) => w.startsWith(`${where}: ignored: `))).toBe(
      true,
    );
  });

  it("accepts a known field set to its proto3 default: Envoy sees no difference", () => {
    const config = load((d) => {
      Object.assign(hcm(d), { use_remote_address: false, normalize_path: false, merge_slashes: false, via: "" });
      cluster(d).load_assignment.endpoints[0].priority = 0;
      hcm(d).route_config.request_headers_to_add = [];
    });
    expect(config.listeners).toHaveLength(1);
  });
});

describe("unknown fields", () => {
  const unknown: [string, (d: Doc) => void, string][] = [
    [
      "a misspelt route prefix",
      (d) => (hcm(d).route_config.virtual_hosts[0].routes[1].match = { prefx: "/" }),
      `envoy.yaml: ${R}.routes[1].match.prefx: unknown field (envoy.config.route.v3.RouteMatch has no field "prefx"; did you mean "prefix"?)`,
    ],
    [
      "a misspelt cluster buffer limit",
      (d) => (cluster(d).per_connection_buffer_limit_byte = 1024),
      `envoy.yaml: ${C}.per_connection_buffer_limit_byte: unknown field (envoy.config.cluster.v3.Cluster has no field "per_connection_buffer_limit_byte"; did you mean "per_connection_buffer_limit_bytes"?)`,
    ],
    [
      "the v2 cluster.hosts, removed in v3",
      (d) => (cluster(d).hosts = [{ socket_address: { address: "127.0.0.1", port_value: 80 } }]),
      `envoy.yaml: ${C}.hosts: unknown field`,
    ],
    [
      "a top-level typo",
      (d) => (d.static_resource = {}),
      `envoy.yaml: static_resource: unknown field (envoy.config.bootstrap.v3.Bootstrap has no field "static_resource"; did you mean "static_resources"?)`,
    ],
    [
      "a field inside the wasm TypedStruct",
      (d) => (wasmStruct(d).value.config.vm_confg = {}),
      `envoy.yaml: ${W}.vm_confg: unknown field`,
    ],
    [
      "a field of a header matcher",
      (d) => (hcm(d).route_config.virtual_hosts[0].routes[0].match.headers[0].invert = true),
      `envoy.yaml: ${R}.routes[0].match.headers[0].invert: unknown field (envoy.config.route.v3.HeaderMatcher has no field "invert"; did you mean "invert_match"?)`,
    ],
    [
      "a field of an endpoint's socket address",
      (d) => (cluster(d).load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port = 80),
      `envoy.yaml: ${E}.address.socket_address.port: unknown field`,
    ],
    [
      "a field nobody would guess",
      (d) => (listener(d).zzz = 1),
      `envoy.yaml: ${L}.zzz: unknown field (envoy.config.listener.v3.Listener has no field "zzz")`,
    ],
  ];
  it.each(unknown)("refuses %s, naming its path", (_, mutate, message) => {
    expect(refusal(mutate)).toContain(message);
  });

  it("takes proto JSON names (camelCase) and enum numbers as Envoy's YAML loader does", () => {
    const config = load((d) => {
      hcm(d).statPrefix = hcm(d).stat_prefix;
      delete hcm(d).stat_prefix;
      hcm(d).route_config.virtual_hosts[0].routes[1].route.prefixRewrite = "/v2";
    });
    expect(config.listeners[0].hcm.statPrefix).toBe("ingress_http");
    expect(load((d) => (listener(d).traffic_direction = 2)).listeners[0].direction).toBe(2);
    expect(config.listeners[0].hcm.routes.virtualHosts[0].routes[1].action).toMatchObject({ prefixRewrite: "/v2" });
  });
});

describe("fields refused for some values", () => {
  const twoEndpoints = (d: Doc, second: Record<string, unknown> = {}, group: Record<string, unknown> | null = null) => {
    const la = cluster(d).load_assignment;
    cluster(d).type = "STATIC";
    la.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address = "127.0.0.1";
    const ep = { endpoint: { address: { socket_address: { address: "127.0.0.2", port_value: 80 } } }, ...second };
    if (group) la.endpoints.push({ ...group, lb_endpoints: [ep] });
    else la.endpoints[0].lb_endpoints.push(ep);
  };
  const cases: [string, (d: Doc) => void, string][] = [
    [
      "lb_policy other than round robin over two endpoints",
      (d) => {
        twoEndpoints(d);
        cluster(d).lb_policy = "LEAST_REQUEST";
      },
      `envoy.yaml: ${C}.lb_policy: LEAST_REQUEST is not supported for more than one endpoint`,
    ],
    [
      "load_balancing_policy over two endpoints",
      (d) => {
        twoEndpoints(d);
        cluster(d).load_balancing_policy = { policies: [] };
      },
      `envoy.yaml: ${C}.load_balancing_policy: not supported for more than one endpoint`,
    ],
    [
      "a second priority",
      (d) => twoEndpoints(d, {}, { priority: 1 }),
      `envoy.yaml: ${C}.load_assignment.endpoints[1].priority: more than one priority`,
    ],
    [
      "a second locality",
      (d) => twoEndpoints(d, {}, { locality: { zone: "b" } }),
      `envoy.yaml: ${C}.load_assignment.endpoints[1].locality: more than one locality`,
    ],
    [
      "locality weights that differ",
      (d) => twoEndpoints(d, {}, { load_balancing_weight: 5 }),
      `envoy.yaml: ${C}.load_assignment.endpoints[1].load_balancing_weight: locality weights that differ`,
    ],
    [
      "endpoint weights that differ",
      (d) => twoEndpoints(d, { load_balancing_weight: 3 }),
      `envoy.yaml: ${C}.load_assignment.endpoints[0].lb_endpoints[1].load_balancing_weight: endpoint weights that differ`,
    ],
    [
      "an unhealthy endpoint",
      (d) => (cluster(d).load_assignment.endpoints[0].lb_endpoints[0].health_status = "DRAINING"),
      `envoy.yaml: ${C}.load_assignment.endpoints[0].lb_endpoints[0].health_status: DRAINING endpoints are not supported`,
    ],
    [
      "an unknown lb_policy",
      (d) => (cluster(d).lb_policy = "FASTEST"),
      `envoy.yaml: ${C}.lb_policy: unknown value "FASTEST" (one of ROUND_ROBIN, LEAST_REQUEST, RING_HASH, RANDOM, MAGLEV, CLUSTER_PROVIDED, LOAD_BALANCING_POLICY_CONFIG)`,
    ],
    [
      "a misspelt codec_type",
      (d) => (hcm(d).codec_type = "HTTP_1"),
      `envoy.yaml: ${H}.codec_type: unknown value "HTTP_1" (one of AUTO, HTTP1, HTTP2, HTTP3)`,
    ],
    [
      "a misspelt dns_lookup_family",
      (d) => (cluster(d).dns_lookup_family = "V4ONLY"),
      `envoy.yaml: ${C}.dns_lookup_family: unknown value "V4ONLY"`,
    ],
    [
      "an HCM without stat_prefix",
      (d) => delete hcm(d).stat_prefix,
      `envoy.yaml: ${H}.stat_prefix: required (a non-empty string)`,
    ],
    [
      "a LOGICAL_DNS cluster with two endpoints",
      (d) => {
        twoEndpoints(d);
        cluster(d).type = "LOGICAL_DNS";
      },
      `envoy.yaml: ${C}.load_assignment: a LOGICAL_DNS cluster needs exactly one endpoint`,
    ],
    [
      "two clusters of one name",
      (d) => d.static_resources.clusters.push(structuredClone(cluster(d))),
      "envoy.yaml: static_resources.clusters[1].name: duplicate cluster 'httpbin'",
    ],
    [
      "a domain in two virtual hosts",
      (d) => hcm(d).route_config.virtual_hosts.push({ name: "other", domains: ["a.example.com", "*"], routes: [] }),
      `envoy.yaml: ${H}.route_config.virtual_hosts[1].domains[1]: only unique values for domains are permitted; "*" is given twice`,
    ],
    [
      "a key in both host_env_keys and key_values",
      (d) =>
        (wasmStruct(d).value.config.vm_config.environment_variables = {
          host_env_keys: ["HOME"],
          key_values: { HOME: "/x" },
        }),
      `envoy.yaml: ${W}.vm_config.environment_variables: key HOME is in both host_env_keys and key_values`,
    ],
    [
      "a key twice in host_env_keys",
      (d) => (wasmStruct(d).value.config.vm_config.environment_variables = { host_env_keys: ["A", "A"] }),
      `envoy.yaml: ${W}.vm_config.environment_variables: key A is in both`,
    ],
    [
      "bind_to_port: false",
      (d) => (listener(d).bind_to_port = false),
      `envoy.yaml: ${L}.bind_to_port: a listener that does not bind`,
    ],
    [
      "a filter_chain_match that matches some connections",
      (d) => (listener(d).filter_chains[0].filter_chain_match = { destination_port: 8080 }),
      `envoy.yaml: ${L}.filter_chains[0].filter_chain_match: the gateway's one filter chain takes every connection`,
    ],
    [
      "a listener filter that changes connections",
      (d) => (listener(d).listener_filters = [{ name: "envoy.filters.listener.proxy_protocol" }]),
      `envoy.yaml: ${L}.listener_filters[0]: listener filter envoy.filters.listener.proxy_protocol is not supported`,
    ],
    [
      "a disabled http filter",
      (d) => (hcm(d).http_filters[0].disabled = true),
      `envoy.yaml: ${H}.http_filters[0].disabled: disabled filters are not supported`,
    ],
    [
      "a direct response body from a file",
      (d) => (hcm(d).route_config.virtual_hosts[0].routes[0].direct_response.body = { filename: "/etc/hosts" }),
      `envoy.yaml: ${R}.routes[0].direct_response.body.filename: only inline_string and inline_bytes bodies`,
    ],
    [
      "a safe_regex with a backreference",
      (d) => (hcm(d).route_config.virtual_hosts[0].routes[1].match = { safe_regex: { regex: "/(a)\\1" } }),
      `envoy.yaml: ${R}.routes[1].match.safe_regex.regex: RE2 refuses "/(a)\\1"`,
    ],
    [
      "a header safe_regex with lookahead",
      (d) =>
        (hcm(d).route_config.virtual_hosts[0].routes[0].match.headers[0] = {
          name: "x",
          safe_regex_match: { regex: "a(?=b)" },
        }),
      `envoy.yaml: ${R}.routes[0].match.headers[0].safe_regex_match.regex: RE2 refuses "a(?=b)"`,
    ],
    [
      "a regex over RE2's program size limit",
      (d) => (hcm(d).route_config.virtual_hosts[0].routes[1].match = { safe_regex: { regex: "/[a-z]{1,60}" } }),
      `envoy.yaml: ${R}.routes[1].match.safe_regex.regex: regex '/[a-z]{1,60}' RE2 program size of`,
    ],
    [
      "a regex over its own max_program_size",
      (d) =>
        (hcm(d).route_config.virtual_hosts[0].routes[1].match = {
          safe_regex: { google_re2: { max_program_size: 5 }, regex: "/items/[0-9]+" },
        }),
      "> max program size of 5",
    ],
    [
      "ignore_case on a safe_regex string match",
      (d) =>
        (hcm(d).route_config.virtual_hosts[0].routes[0].match.headers[0].string_match = {
          safe_regex: { regex: "a" },
          ignore_case: true,
        }),
      `envoy.yaml: ${R}.routes[0].match.headers[0].string_match.ignore_case: ignore_case has no effect for safe_regex`,
    ],
    [
      "two header match specifiers",
      (d) => (hcm(d).route_config.virtual_hosts[0].routes[0].match.headers[0].exact_match = "1"),
      `envoy.yaml: ${R}.routes[0].match.headers[0]: exact_match and string_match are one choice`,
    ],
    [
      "an empty string_match prefix",
      (d) => (hcm(d).route_config.virtual_hosts[0].routes[0].match.headers[0].string_match = { prefix: "" }),
      `envoy.yaml: ${R}.routes[0].match.headers[0].string_match.prefix: must not be empty`,
    ],
    [
      "a path_separated_prefix ending in /",
      (d) => (hcm(d).route_config.virtual_hosts[0].routes[1].match = { path_separated_prefix: "/api/" }),
      `envoy.yaml: ${R}.routes[1].match.path_separated_prefix: "/api/" must not contain ? or # nor end with /`,
    ],
    [
      "two path specifiers",
      (d) => (hcm(d).route_config.virtual_hosts[0].routes[1].match.path = "/x"),
      `envoy.yaml: ${R}.routes[1].match: needs exactly one of prefix, path, safe_regex or path_separated_prefix`,
    ],
    [
      "a direct response status out of range",
      (d) => (hcm(d).route_config.virtual_hosts[0].routes[0].direct_response.status = 99),
      `envoy.yaml: ${R}.routes[0].direct_response.status: must be 200 to 599`,
    ],
  ];
  it.each(cases)("refuses %s, naming the field", (_, mutate, message) => {
    expect(refusal(mutate)).toContain(message);
  });

  it("refuses a route to a cluster the file does not define, unless validate_clusters is false or the caller adds it", () => {
    const toNowhere = (d: Doc) => (hcm(d).route_config.virtual_hosts[0].routes[1].route.cluster = "nowhere");
    expect(refusal(toNowhere)).toBe(
      "envoy.yaml: static_resources.listeners[0]: route in virtual host local_service: unknown cluster 'nowhere' (Envoy refuses it unless route_config.validate_clusters is false)",
    );
    expect(
      load((d) => {
        toNowhere(d);
        hcm(d).route_config.validate_clusters = false;
      }).listeners,
    ).toHaveLength(1);
    const d = baseDoc();
    toNowhere(d);
    expect(parseEnvoyYaml(stringify(d), "envoy.yaml", ["nowhere"]).listeners).toHaveLength(1);
  });

  it("accepts what cannot change the pick: one endpoint under any policy, one priority and locality, equal weights", () => {
    const oneEndpoint = load((d) => (cluster(d).lb_policy = "RING_HASH"));
    expect(oneEndpoint.clusters[0].endpoints).toHaveLength(1);
    const same = load((d) => {
      twoEndpoints(d, { load_balancing_weight: 2 }, { priority: 0, locality: { zone: "a" } });
      cluster(d).load_assignment.endpoints[0].locality = { zone: "a" };
      cluster(d).load_assignment.endpoints[0].lb_endpoints[0].load_balancing_weight = 2;
    });
    expect(same.clusters[0].endpoints.map((e) => e.host)).toEqual(["127.0.0.1", "127.0.0.2"]);
  });

  it("takes host_env_keys and key_values with distinct keys, key_values first", () => {
    process.env.GATEWASM_STRICT_TEST = "from-host";
    const config = load(
      (d) =>
        (wasmStruct(d).value.config.vm_config.environment_variables = {
          host_env_keys: ["GATEWASM_STRICT_TEST", "GATEWASM_UNSET_KEY"],
          key_values: { B: "2" },
        }),
    );
    delete process.env.GATEWASM_STRICT_TEST;
    const plugin = (config.listeners[0].hcm.filters[0] as Doc).plugin;
    expect([...plugin.environment]).toEqual([
      ["B", "2"],
      ["GATEWASM_STRICT_TEST", "from-host"],
    ]);
  });
});

describe("envoy.yaml files that Envoy accepts", () => {
  const pluginsDir = fileURLToPath(new URL("../../../plugins/", import.meta.url));
  const files = readdirSync(pluginsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${pluginsDir}${e.name}/envoy.yaml`)
    .filter((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    });

  it("finds the plugins' files", () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)("loads %s with no warning, its admin address read", (file) => {
    const config = parseEnvoyYaml(readFileSync(file, "utf8"));
    expect(config.listeners).toHaveLength(1);
    expect(config.warnings).toEqual([]);
    expect(config.admin).toEqual({ host: "0.0.0.0", port: 9901 });
  });

  it("loads the seed's file with no warning", () => {
    expect(parseEnvoyYaml(seed).warnings).toEqual([]);
  });
});

describe("docs/gateway.md", () => {
  it("lists every field as the reader runs, warns about or refuses it", () => {
    const doc = readFileSync(fileURLToPath(new URL("../../../docs/gateway.md", import.meta.url)), "utf8");
    const block = /<!-- fields-table[^>]*-->\n([\s\S]*?)\n<!-- \/fields-table -->/.exec(doc);
    expect(block?.[1]).toBe(renderFieldsTable());
  });
});
