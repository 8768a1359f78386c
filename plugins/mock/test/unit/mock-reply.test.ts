// The mock reply: status, headers, body, and the content-type inferred from the body.
import { describe, expect, it } from "vitest";
import { request, startMock } from "../support/mock-plugin.js";

async function reply(config: object, headers: Record<string, string> = request) {
  const host = await startMock({ mockEnable: true, ...config });
  const http = host.initHttp();
  http.callOnHttpRequestHeaders(headers, true);
  expect(http.getUpstreamRequest()).toBeNull();
  const local = http.getLocalResponse();
  if (!local) throw new Error("no local reply");
  return { status: local.statusCode, headers: local.headers, body: local.body.toString(), http };
}

const contentTypes = (headers: string[][]) => headers.filter(([k]) => k === "content-type").map(([, v]) => v);

describe("unit: the mock reply", () => {
  it("sends the configured status, headers and body", async () => {
    const r = await reply({
      mockStatusCode: 503,
      mockHeaders: { "Retry-After": "120", "set-cookie": ["a=1", "b=2"] },
      mockBody: "down",
    });
    expect(r.status).toBe(503);
    expect(r.body).toBe("down");
    expect(r.headers).toEqual(
      expect.arrayContaining([
        [":status", "503"],
        ["retry-after", "120"],
        ["set-cookie", "a=1"],
        ["set-cookie", "b=2"],
        ["content-length", "4"],
      ]),
    );
  });

  for (const [body, type] of [
    ['{"ok":true}', "application/json; charset=utf-8"],
    ["[1, 2]", "application/json; charset=utf-8"],
    ["42", "application/json; charset=utf-8"],
    ["hello world", "text/plain; charset=utf-8"],
    ['{"ok":', "text/plain; charset=utf-8"],
    ["   ", "text/plain; charset=utf-8"],
  ]) {
    it(`infers ${type} for the body ${JSON.stringify(body)}`, async () => {
      expect(contentTypes((await reply({ mockBody: body })).headers)).toEqual([type]);
    });
  }

  it("sends an object or array mockBody as compact JSON, strings untouched", async () => {
    const config =
      '{ "mockEnable": true, "mockBody": {\n  "code" : "MAINTENANCE",\n  "n": [ 1, 2 ], "s": "a \\" b\\\\" }\n}';
    const host = await startMock(config);
    const http = host.initHttp();
    http.callOnHttpRequestHeaders(request, true);
    expect(http.getLocalResponse()?.body.toString()).toBe('{"code":"MAINTENANCE","n":[1,2],"s":"a \\" b\\\\"}');
    expect(contentTypes(http.getLocalResponse()?.headers ?? [])).toEqual(["application/json; charset=utf-8"]);
  });

  it("keeps a content-type the configuration sets, whatever its case", async () => {
    const r = await reply({ mockHeaders: { "Content-Type": "application/problem+json" }, mockBody: '{"title":"x"}' });
    expect(contentTypes(r.headers)).toEqual(["application/problem+json"]);
  });

  it("sends no content-type and no body for an empty or null mockBody", async () => {
    for (const mockBody of ["", null]) {
      const r = await reply({ mockStatusCode: 204, mockBody });
      expect(r.status).toBe(204);
      expect(r.body).toBe("");
      expect(contentTypes(r.headers)).toEqual([]);
    }
  });

  it("answers HEAD with the headers only", async () => {
    const r = await reply({}, { ...request, ":method": "HEAD" });
    expect(r.body).toBe("");
    expect(r.headers).toContainEqual(["content-length", "11"]);
  });

  it("marks the reply with response-code details mock", async () => {
    expect((await reply({})).http.responseCodeDetails).toBe("mock");
  });

  it("sends UTF-8 bodies byte for byte", async () => {
    const r = await reply({ mockBody: "héllo wörld ✓" });
    expect(r.body).toBe("héllo wörld ✓");
    expect(r.headers).toContainEqual(["content-length", String(Buffer.byteLength("héllo wörld ✓"))]);
  });
});
