// Strict configuration reading: unknown keys are refused with the nearest known key, wrong
// types name the type, Higress's `_name_` keys pass, a non-UTF-8 key is shown by its bytes,
// empty rule conditions are refused, and long lists and objects are read in one pass.
import { describe, expect, it } from "vitest";
import { TestHost } from "@gatewasm/host";
import { pluginPath, request, start } from "./support/plugins.ts";

async function summary(config: unknown): Promise<string> {
  const host = await start("strict-config", config);
  const http = host.initHttp();
  http.callOnHttpRequestHeaders(request);
  return http.getLocalResponse()!.body.toString();
}

async function rejection(config: unknown): Promise<string> {
  const r = await TestHost.tryStart({ wasm: pluginPath("strict-config"), config });
  expect(r.error).toBeDefined();
  return r
    .error!.logs.filter((l) => l.levelName === "error")
    .map((l) => l.message)
    .join("\n");
}

describe("allowKeys", () => {
  it("refuses a misspelt key, naming the key it is one typo from", async () => {
    for (const [typo, meant] of [
      ["timout", "timeout"],
      ["timeoutt", "timeout"],
      ["tiemout", "timeout"],
      ["tokenHeadr", "tokenHeader"],
      ["itens", "items"],
    ]) {
      expect(await rejection({ [typo]: 1 })).toContain(
        `configuration rejected: $.${typo}: unknown key (did you mean "${meant}"?)`,
      );
    }
  });

  it("lists the keys when no key is close", async () => {
    expect(await rejection({ timeout: 1, colour: "red" })).toContain(
      "configuration rejected: $.colour: unknown key; the keys are timeout,tokenHeader,items,headers",
    );
  });

  it("lets Higress's own keys (_rules_, _plugin_id_, _match_*_) through", async () => {
    expect(
      await summary({ _plugin_id_: "p", timeout: 7, _rules_: [{ _match_domain_: ["other.io"], timeout: 9 }] }),
    ).toContain("timeout=7;");
  });

  it("names a key that is not UTF-8 by its bytes", async () => {
    const config = Buffer.concat([Buffer.from('{"ti'), Buffer.from([0xff, 0xfe]), Buffer.from('me": 1}')]);
    expect(await rejection(config)).toContain("configuration rejected: $.ti\\xff\\xfeme: unknown key");
  });

  it("accepts every known key", async () => {
    expect(await summary({ timeout: 3, tokenHeader: "x-token", items: [1, 2], headers: { a: "1" } })).toBe(
      "timeout=3;tokenHeader=x-token;items=2;sum=3;headers=a=1;",
    );
  });
});

describe("typed getters name the type they wanted", () => {
  it("a number where a string is expected", async () => {
    expect(await rejection({ tokenHeader: 5 })).toContain(
      "configuration rejected: $.tokenHeader: expected a string, got a number",
    );
  });
  it("a string where an array is expected", async () => {
    expect(await rejection({ items: "1,2" })).toContain(
      "configuration rejected: $.items: expected an array, got a string",
    );
  });
  it("an element of the wrong type, by its index", async () => {
    expect(await rejection({ items: [1, 2, "3"] })).toContain(
      "configuration rejected: $.items[2]: expected an integer, got a string",
    );
  });
});

describe("rule conditions", () => {
  for (const key of ["_match_domain_", "_match_route_", "_match_service_", "_match_route_prefix_"]) {
    it(`refuses an empty ${key} entry (it would never match)`, async () => {
      expect(await rejection({ timeout: 1, _rules_: [{ [key]: ["a", ""], timeout: 2 }] })).toContain(
        `configuration rejected: $._rules_[0].${key}[1]: is empty: it would never match`,
      );
    });
  }
});

describe("long lists and objects", () => {
  it("reads a 20,000-item list and a 2,000-member object completely and in order", async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => i);
    const headers = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`h${i}`, `v${i}`]));
    const body = await summary({ items, headers });
    expect(body).toContain(`items=20000;sum=${(20_000 * 19_999) / 2};`);
    expect(body).toContain("headers=h0=v0;h1=v1;");
    expect(body.endsWith("h1999=v1999;")).toBe(true);
  });
});
