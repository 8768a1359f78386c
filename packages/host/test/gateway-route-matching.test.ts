// Route matchers on real traffic through the gateway, and a misspelt envoy.yaml refused at
// start, naming the field.
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import {
  GatewayStartError,
  startEchoUpstream,
  startGateway,
  type EchoUpstream,
  type RunningGateway,
} from "../src/index.js";
import { writeGatewayYaml } from "./support/gateway-yaml.js";

let upstream: EchoUpstream;
let g: RunningGateway;

beforeAll(async () => {
  upstream = await startEchoUpstream();
  g = await startGateway({
    envoyYaml: writeGatewayYaml({
      plugins: [],
      clusters: { upstream: upstream.address },
      routes: [
        // Envoy: present_match: true inverted matches requests WITHOUT the header.
        {
          name: "no-debug",
          match: { prefix: "/", headers: [{ name: "x-debug", present_match: true, invert_match: true }] },
          route: { cluster: "upstream" },
        },
        {
          name: "not-beta",
          match: { prefix: "/", headers: [{ name: "x-channel", string_match: { exact: "beta" }, invert_match: true }] },
          direct_response: { status: 202, body: { inline_string: "not beta" } },
        },
        {
          name: "query",
          match: {
            path_separated_prefix: "/q",
            query_parameters: [{ name: "v", string_match: { safe_regex: { regex: "[0-9]+" } } }],
          },
          direct_response: { status: 201, body: { inline_string: "numeric v" } },
        },
        { name: "rest", match: { prefix: "/" }, direct_response: { status: 403, body: { inline_string: "debug" } } },
      ],
    }),
    listen: "127.0.0.1:0",
    output: () => undefined,
  });
});
afterAll(async () => {
  await g?.stop();
  await upstream?.stop();
});

async function get(path: string, headers: Record<string, string> = {}): Promise<[number, string]> {
  const res = await fetch(`${g.url}${path}`, { headers });
  return [res.status, await res.text()];
}

describe("header and query matchers through the gateway", () => {
  it("present_match: true with invert_match: true routes requests without the header, as Envoy does", async () => {
    const before = upstream.requests.length;
    const [status, body] = await get("/get");
    expect(status).toBe(200);
    expect(JSON.parse(body).url).toContain("/get");
    expect(upstream.requests.length).toBe(before + 1);
    expect(await get("/get", { "x-debug": "1" })).toEqual([403, "debug"]);
    expect(upstream.requests.length).toBe(before + 1);
  });

  it("an inverted value match takes a present header with another value, never a missing one", async () => {
    expect(await get("/get", { "x-debug": "1", "x-channel": "stable" })).toEqual([202, "not beta"]);
    expect(await get("/get", { "x-debug": "1", "x-channel": "beta" })).toEqual([403, "debug"]);
  });

  it("a query parameter matched by RE2 on a whole-segment prefix", async () => {
    const h = { "x-debug": "1", "x-channel": "beta" };
    expect(await get("/q/x?v=12", h)).toEqual([201, "numeric v"]);
    expect(await get("/q?v=12a", h)).toEqual([403, "debug"]);
    expect(await get("/qx?v=12", h)).toEqual([403, "debug"]);
  });
});

describe("a misspelt envoy.yaml", () => {
  it("does not start, naming the unknown field's path", async () => {
    const path = writeGatewayYaml({ plugins: [], clusters: { upstream: upstream.address } });
    const doc = parse(readFileSync(path, "utf8"));
    doc.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes[0].match =
      { prefx: "/" };
    writeFileSync(path, stringify(doc));
    const start = startGateway({ envoyYaml: path, listen: "127.0.0.1:0", output: () => undefined });
    await expect(start).rejects.toBeInstanceOf(GatewayStartError);
    await expect(start).rejects.toThrow(
      /envoy\.yaml: static_resources\.listeners\[0\]\.filter_chains\[0\]\.filters\[0\]\.typed_config\.route_config\.virtual_hosts\[0\]\.routes\[0\]\.match\.prefx: unknown field \(envoy\.config\.route\.v3\.RouteMatch has no field "prefx"; did you mean "prefix"\?\)/,
    );
  });
});
