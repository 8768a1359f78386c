// limitBy: which requests share a counter. The subject ends the Redis key; a missing value is
// a shared bucket (not an escape), equal values in other spellings count together, long values
// are hashed.
import { describe, expect, it } from "vitest";
import type { InitHttpOptions } from "@gatewasm/host";
import { baseConfig, commandOf, request, start } from "../support/unit.ts";

async function keyFor(
  limitBy: string,
  headers: Record<string, string>,
  options: InitHttpOptions = {},
): Promise<string> {
  const host = await start({ ...baseConfig, limitBy });
  const http = host.initHttp(options);
  http.callOnHttpRequestHeaders({ ...request, ...headers }, true);
  const [call] = host.getRedisCalls();
  expect(host.vmFailed).toBe(false);
  return commandOf(call)[3];
}

describe("limitBy", () => {
  it("global: one counter", async () => {
    expect(await keyFor("global", {})).toBe("gatewasm-ratelimit:default:global");
  });

  it("header: one counter per value; the configured name is matched case-insensitively", async () => {
    expect(await keyFor("header:X-Api-Key", { "x-api-key": "abc" })).toBe(
      "gatewasm-ratelimit:default:header:x-api-key:=abc",
    );
    expect(await keyFor("header:x-api-key", {})).toBe("gatewasm-ratelimit:default:header:x-api-key:=");
  });

  it("query: the decoded value, so %-encodings and + count as the same key", async () => {
    const plain = await keyFor("query:key", { ":path": "/get?a=1&key=a b&c" });
    expect(plain).toBe("gatewasm-ratelimit:default:query:key:=a b");
    expect(await keyFor("query:key", { ":path": "/get?key=a+b" })).toBe(plain);
    expect(await keyFor("query:key", { ":path": "/get?k%65y=a%20b#frag" })).toBe(plain);
    expect(await keyFor("query:key", { ":path": "/get?key" })).toBe("gatewasm-ratelimit:default:query:key:=");
    expect(await keyFor("query:key", { ":path": "/get?other=1" })).toBe("gatewasm-ratelimit:default:query:key:=");
    expect(await keyFor("query:key", { ":path": "/get?key=%zz%4" })).toBe(
      "gatewasm-ratelimit:default:query:key:=%zz%4",
    );
    expect(await keyFor("query:key", { ":path": "/get?key=%C3%A9%FF" })).toMatch(
      /^gatewasm-ratelimit:default:query:key:=é/,
    );
  });

  it("ip: the peer address without its port (IPv4 and IPv6)", async () => {
    expect(await keyFor("ip", {}, { sourceAddress: "10.1.2.3:5555" })).toBe("gatewasm-ratelimit:default:ip:=10.1.2.3");
    expect(await keyFor("ip", {}, { sourceAddress: "[2001:db8::1]:443" })).toBe(
      "gatewasm-ratelimit:default:ip:=2001:db8::1",
    );
  });

  it("a value longer than 64 characters is hashed: bounded keys, still one per value", async () => {
    const long = "k".repeat(5000);
    const a = await keyFor("header:x-api-key", { "x-api-key": long });
    expect(a).toMatch(/^gatewasm-ratelimit:default:header:x-api-key:#[0-9a-f]{16}$/);
    expect(await keyFor("header:x-api-key", { "x-api-key": long })).toBe(a);
    expect(await keyFor("header:x-api-key", { "x-api-key": `${long}x` })).not.toBe(a);
  });
});
