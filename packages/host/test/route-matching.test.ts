// Route matching as Envoy does it (source/common/router/config_impl.cc, config_utility.cc,
// source/common/http/header_utility.cc, source/common/common/matchers.cc): every path
// specifier, header matcher and query parameter matcher the gateway runs, on the route table.
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseEnvoyYaml } from "../src/index.js";
import { HeaderMap } from "../src/internal.js";
import { matchRoute } from "../src/gateway/route-table.js";
import type { HeaderPair } from "../src/abi/pairs.js";

/** A route table of one virtual host: the route under test, then a fallback. */
function table(match: Record<string, unknown>) {
  const doc = {
    static_resources: {
      listeners: [
        {
          address: { socket_address: { address: "127.0.0.1", port_value: 0 } },
          filter_chains: [
            {
              filters: [
                {
                  name: "hcm",
                  typed_config: {
                    "@type":
                      "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                    stat_prefix: "test",
                    route_config: {
                      virtual_hosts: [
                        {
                          name: "all",
                          domains: ["*"],
                          routes: [
                            { name: "hit", match, direct_response: { status: 200 } },
                            { name: "fallback", match: { prefix: "" }, direct_response: { status: 404 } },
                          ],
                        },
                      ],
                    },
                    http_filters: [{ name: "envoy.filters.http.router" }],
                  },
                },
              ],
            },
          ],
        },
      ],
    },
  };
  const config = parseEnvoyYaml(stringify(doc)).listeners[0].hcm.routes;
  /** True when a request with this :path and these headers takes the route under test. */
  return (path: string, headers: HeaderPair[] = []) =>
    matchRoute(config, new HeaderMap([[":authority", "example.com"], [":path", path], [":method", "GET"], ...headers]))
      ?.name === "hit";
}

const header = (matcher: Record<string, unknown>) => table({ prefix: "/", headers: [{ name: "x-h", ...matcher }] });

describe("path specifiers", () => {
  it("prefix matches the path with its query, case-sensitively by default", () => {
    const m = table({ prefix: "/api" });
    expect([m("/api"), m("/api/x"), m("/apix"), m("/API"), m("/x?/api")]).toEqual([true, true, true, false, false]);
    const q = table({ prefix: "/a?b" });
    expect(q("/a?b=1")).toBe(true);
  });

  it("path matches the path without its query, exactly", () => {
    const m = table({ path: "/v1/users" });
    expect([m("/v1/users"), m("/v1/users?x=1"), m("/v1/users/"), m("/v1/Users")]).toEqual([true, true, false, false]);
  });

  it("case_sensitive: false folds ASCII letters for prefix and path", () => {
    const p = table({ prefix: "/Case", case_sensitive: false });
    expect([p("/case/x"), p("/CASE"), p("/cas")]).toEqual([true, true, false]);
    const e = table({ path: "/Exact", case_sensitive: false });
    expect([e("/EXACT?q"), e("/exactly")]).toEqual([true, false]);
  });

  it("safe_regex is RE2, matches the whole path without its query, and ignores case_sensitive", () => {
    const m = table({ safe_regex: { regex: "/items/[0-9]+" } });
    expect([m("/items/42"), m("/items/42?x=y"), m("/items/42/x"), m("/x/items/42"), m("/items/")]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    const ci = table({ safe_regex: { google_re2: {}, regex: "/abc" }, case_sensitive: false });
    expect([ci("/abc"), ci("/ABC")]).toEqual([true, false]);
  });

  it("path_separated_prefix matches the prefix as whole segments", () => {
    const m = table({ path_separated_prefix: "/api" });
    expect([m("/api"), m("/api/x"), m("/api?x"), m("/apix"), m("/ap")]).toEqual([true, true, true, false, false]);
  });
});

describe("header matchers", () => {
  it("no specifier: the header must be present, with any value", () => {
    const m = header({});
    expect([m("/", [["x-h", ""]]), m("/", [["x-h", "v"]]), m("/")]).toEqual([true, true, false]);
  });

  it("present_match: true and false", () => {
    const yes = header({ present_match: true });
    const no = header({ present_match: false });
    expect([yes("/", [["x-h", "1"]]), yes("/")]).toEqual([true, false]);
    expect([no("/", [["x-h", "1"]]), no("/")]).toEqual([false, true]);
  });

  it("present_match with invert_match: a missing header matches present_match: true inverted", () => {
    const m = header({ present_match: true, invert_match: true });
    expect([m("/"), m("/", [["x-h", "1"]])]).toEqual([true, false]);
    const n = header({ present_match: false, invert_match: true });
    expect([n("/"), n("/", [["x-h", "1"]])]).toEqual([false, true]);
  });

  it("exact_match, and an empty exact_match matching any value of a present header", () => {
    const m = header({ exact_match: "abc" });
    expect([m("/", [["x-h", "abc"]]), m("/", [["x-h", "abcd"]]), m("/", [["x-h", "ABC"]]), m("/")]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    const any = header({ exact_match: "" });
    expect([any("/", [["x-h", "zz"]]), any("/")]).toEqual([true, false]);
  });

  it("prefix_match, suffix_match and contains_match (the deprecated forms)", () => {
    const p = header({ prefix_match: "Bearer " });
    const s = header({ suffix_match: ".example.com" });
    const c = header({ contains_match: "mobile" });
    expect([p("/", [["x-h", "Bearer t"]]), p("/", [["x-h", "bearer t"]])]).toEqual([true, false]);
    expect([s("/", [["x-h", "a.example.com"]]), s("/", [["x-h", "a.example.org"]]), s("/")]).toEqual([
      true,
      false,
      false,
    ]);
    expect([c("/", [["x-h", "a mobile b"]]), c("/", [["x-h", "desktop"]])]).toEqual([true, false]);
  });

  it("string_match: exact, prefix, suffix, contains, with and without ignore_case", () => {
    const cases: [Record<string, unknown>, string, boolean][] = [
      [{ exact: "Abc" }, "Abc", true],
      [{ exact: "Abc" }, "abc", false],
      [{ exact: "Abc", ignore_case: true }, "aBC", true],
      [{ prefix: "Ab" }, "Abc", true],
      [{ prefix: "Ab" }, "abc", false],
      [{ prefix: "Ab", ignore_case: true }, "aBc", true],
      [{ suffix: "Bc" }, "aBc", true],
      [{ suffix: "Bc" }, "abc", false],
      [{ suffix: "Bc", ignore_case: true }, "ABC", true],
      [{ contains: "B" }, "aBc", true],
      [{ contains: "B" }, "abc", false],
      [{ contains: "B", ignore_case: true }, "abc", true],
      // ignore_case folds ASCII only, as absl::AsciiStrToLower.
      [{ exact: "É", ignore_case: true }, "é", false],
    ];
    for (const [sm, value, expected] of cases) {
      expect([sm, value, header({ string_match: sm })("/", [["x-h", value]])]).toEqual([sm, value, expected]);
    }
  });

  it("string_match safe_regex and safe_regex_match: RE2, a full match of the value", () => {
    for (const m of [
      header({ string_match: { safe_regex: { regex: "v[0-9]+" } } }),
      header({ safe_regex_match: { regex: "v[0-9]+" } }),
    ]) {
      expect([m("/", [["x-h", "v12"]]), m("/", [["x-h", "v12x"]]), m("/", [["x-h", "xv12"]]), m("/")]).toEqual([
        true,
        false,
        false,
        false,
      ]);
    }
  });

  it("range_match: an integer in [start, end)", () => {
    const m = header({ range_match: { start: -10, end: "20" } });
    const at = (v: string) => m("/", [["x-h", v]]);
    expect([at("-10"), at("19"), at("20"), at("0"), at("+5"), at(" 7 "), at("1.5"), at("abc"), at("")]).toEqual([
      true,
      true,
      false,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(m("/")).toBe(false);
  });

  it("invert_match inverts a value match on a present header, and never matches a missing one", () => {
    const m = header({ exact_match: "a", invert_match: true });
    expect([m("/", [["x-h", "a"]]), m("/", [["x-h", "b"]]), m("/")]).toEqual([false, true, false]);
    const r = header({ range_match: { start: 0, end: 10 }, invert_match: true });
    expect([r("/", [["x-h", "5"]]), r("/", [["x-h", "50"]]), r("/")]).toEqual([false, true, false]);
  });

  it("treat_missing_header_as_empty matches a missing header as the empty value", () => {
    const empty = header({ string_match: { exact: "" }, treat_missing_header_as_empty: true });
    expect([empty("/"), empty("/", [["x-h", "x"]])]).toEqual([true, false]);
    const inverted = header({
      range_match: { start: 0, end: 10 },
      invert_match: true,
      treat_missing_header_as_empty: true,
    });
    expect([inverted("/"), inverted("/", [["x-h", "5"]])]).toEqual([true, false]);
    const withoutIt = header({ string_match: { exact: "" } });
    expect(withoutIt("/")).toBe(false);
  });

  it("matches the values of a repeated header joined with a comma", () => {
    const m = header({ exact_match: "a,b" });
    expect([
      m("/", [
        ["x-h", "a"],
        ["x-h", "b"],
      ]),
      m("/", [["x-h", "a"]]),
    ]).toEqual([true, false]);
    const first = header({ exact_match: "a" });
    expect(
      first("/", [
        ["x-h", "a"],
        ["x-h", "b"],
      ]),
    ).toBe(false);
  });

  it("matches the header name case-insensitively, and pseudo-headers such as :method", () => {
    expect(table({ prefix: "/", headers: [{ name: "X-H", exact_match: "1" }] })("/", [["x-h", "1"]])).toBe(true);
    const get = table({ prefix: "/", headers: [{ name: ":method", exact_match: "GET" }] });
    expect(get("/")).toBe(true);
  });

  it("needs every header matcher of the route to match", () => {
    const m = table({
      prefix: "/",
      headers: [
        { name: "a", exact_match: "1" },
        { name: "b", present_match: true, invert_match: true },
      ],
    });
    expect([
      m("/", [["a", "1"]]),
      m("/", [
        ["a", "1"],
        ["b", "x"],
      ]),
      m("/", [["b", "x"]]),
    ]).toEqual([true, false, false]);
  });
});

describe("query parameter matchers", () => {
  const query = (matcher: Record<string, unknown>) =>
    table({ prefix: "/", query_parameters: [{ name: "debug", ...matcher }] });

  it("present_match, or no specifier, needs the parameter, with or without a value", () => {
    for (const m of [query({ present_match: true }), query({})]) {
      expect([m("/?debug=1"), m("/?debug="), m("/?debug"), m("/?x=1&debug"), m("/?debugx=1"), m("/")]).toEqual([
        true,
        true,
        true,
        true,
        false,
        false,
      ]);
    }
  });

  it("string_match tests the first value, undecoded", () => {
    const m = query({ string_match: { exact: "on" } });
    expect([m("/?debug=on"), m("/?debug=off&debug=on"), m("/?debug=on&debug=off"), m("/?debug=o%6E")]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    const ci = query({ string_match: { prefix: "Y", ignore_case: true } });
    expect([ci("/?debug=yes"), ci("/?debug=no")]).toEqual([true, false]);
    const re = query({ string_match: { safe_regex: { regex: "[0-9]+" } } });
    expect([re("/?debug=42"), re("/?debug=42a")]).toEqual([true, false]);
  });

  it("stops at a fragment and ignores empty pairs", () => {
    const m = query({ string_match: { exact: "1" } });
    expect([m("/?a=2&&debug=1#x"), m("/?a=2#debug=1")]).toEqual([true, false]);
  });
});
