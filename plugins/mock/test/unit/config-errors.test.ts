// Bad configurations are refused at configure time with one line naming the JSON path and
// what was expected; Envoy then refuses to start (or keeps the previous configuration).
import { describe, expect, it } from "vitest";
import { refusal } from "../support/mock-plugin.js";

const cases: [unknown, string][] = [
  [{ mockEnable: "yes" }, "$.mockEnable: expected a boolean (true or false), got a string"],
  [{ mockEnable: 1 }, "$.mockEnable: expected a boolean (true or false), got a number"],
  [{ mockEnabled: true }, '$.mockEnabled: unknown key (did you mean "mockEnable"?)'],
  [{ requestHeaders: ["hello=world"] }, "$.requestHeaders: expected an object of header names to values, got an array"],
  [{ requestHeaders: { hello: 1 } }, "$.requestHeaders.hello: expected a string or an array of strings, got a number"],
  [{ requestHeaders: { hello: ["a", false] } }, "$.requestHeaders.hello[1]: expected a string, got a boolean"],
  [
    { requestHeaders: { "bad name": "x" } },
    "$.requestHeaders.bad name: is not a header name: use letters, digits and !#$%&'*+-.^_`|~",
  ],
  [{ requestHeaders: { "": "x" } }, "$.requestHeaders.: is not a header name: use letters, digits and !#$%&'*+-.^_`|~"],
  [{ requestHeaders: { ":path": "/admin" } }, "$.requestHeaders.:path: is a pseudo-header; it cannot be set here"],
  [{ requestHeaders: { "x-a": "a\r\nx-b: b" } }, "$.requestHeaders.x-a: a header value must not contain CR, LF or NUL"],
  [{ mockStatusCode: "200" }, '$.mockStatusCode: expected an HTTP status from 200 to 599, found "200"'],
  [{ mockStatusCode: 99 }, "$.mockStatusCode: expected an HTTP status from 200 to 599, found 99"],
  [{ mockStatusCode: 600 }, "$.mockStatusCode: expected an HTTP status from 200 to 599, found 600"],
  [{ mockStatusCode: 200.5 }, "$.mockStatusCode: expected an HTTP status from 200 to 599, found 200.5"],
  [
    { mockHeaders: { "Content-Length": "5" } },
    "$.mockHeaders.Content-Length: is set by the gateway from mockBody; remove it",
  ],
  [{ mockHeaders: { ":status": "500" } }, "$.mockHeaders.:status: is a pseudo-header; it cannot be set here"],
  [{ mockBody: 42 }, "$.mockBody: expected a string, an object or an array, got a number"],
  [
    { _rules_: [{ _match_route_: ["r"], mockEnable: "on" }] },
    "$._rules_[0].mockEnable: expected a boolean (true or false), got a string",
  ],
  [
    { _rules_: [{ _match_domain_: ["a.com"], mockBodyy: "x" }] },
    '$._rules_[0].mockBodyy: unknown key (did you mean "mockBody"?)',
  ],
  [
    { mockColour: "red" },
    "$.mockColour: unknown key; the keys are mockEnable,requestHeaders,mockStatusCode,mockHeaders,mockBody",
  ],
  [
    { _unknown: 1 },
    "$._unknown: unknown key; the keys are mockEnable,requestHeaders,mockStatusCode,mockHeaders,mockBody",
  ],
  [
    { requestHeaders: { Host: "evil.example" } },
    "$.requestHeaders.Host: is set by the gateway (host, framing and hop-by-hop headers cannot be added to a request)",
  ],
  ...[
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
  ].map((name): [unknown, string] => [
    { requestHeaders: { [name]: "x" } },
    `$.requestHeaders.${name}: is set by the gateway (host, framing and hop-by-hop headers cannot be added to a request)`,
  ]),
  [
    { _rules_: [{ _match_domain_: [""], mockEnable: true }] },
    "$._rules_[0]._match_domain_[0]: is empty: it would never match",
  ],
  [[], "expected a JSON object as the configuration, got an array"],
];

describe("unit: configuration errors", () => {
  for (const [config, message] of cases) {
    it(`refuses ${JSON.stringify(config)}`, async () => {
      expect(await refusal(config as object)).toContain(`[mock] [-] configuration rejected: ${message}`);
    });
  }

  it("refuses a configuration that is not JSON", async () => {
    const lines = await refusal("{mockEnable: true}");
    expect(lines.join("\n")).toMatch(/configuration rejected: .*invalid JSON/);
  });
});
