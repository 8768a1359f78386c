// The schema cases a spec.yaml implies: what is tried for each property, and what is expected.
import { describe, expect, it } from "vitest";
import { configSchemaCases, type ConfigSchema } from "../src/index.js";

const schema: ConfigSchema = {
  properties: {
    timeout: { type: "integer", minimum: 1, maximum: 100, default: 10 },
    mode: { type: "string", enum: ["a", "b"] },
    body: { oneOf: [{ type: "string" }, { type: "object" }] },
  },
  required: ["mode"],
  example: { mode: "a" },
};

describe("configSchemaCases", () => {
  const cases = configSchemaCases(schema);
  const byName = (name: string) => cases.find((c) => c.name === name);

  it("accepts the default, each enum value and the bounds", () => {
    expect(byName("timeout = its default")).toMatchObject({ config: { mode: "a", timeout: 10 }, expect: "accept" });
    expect(byName('mode = enum value "b"')).toMatchObject({ config: { mode: "b" }, expect: "accept" });
    expect(byName("timeout = minimum (1)")?.expect).toBe("accept");
    expect(byName("timeout = maximum (100)")?.expect).toBe("accept");
  });

  it("refuses one past each bound, a wrong type and a typo, naming the key", () => {
    expect(byName("timeout = minimum - 1 (0)")).toMatchObject({
      config: { timeout: 0 },
      expect: "refuse",
      names: "timeout",
    });
    expect(byName("timeout = maximum + 1 (101)")).toMatchObject({ expect: "refuse", names: "timeout" });
    expect(byName("timeout = a wrong type (true)")).toMatchObject({ config: { timeout: true }, expect: "refuse" });
    // A oneOf of string and object: the wrong type is one it does not list.
    expect(byName("body = a wrong type (true)")?.config.body).toBe(true);
    expect(byName("timeot (a typo of timeout)")).toMatchObject({
      expect: "refuse",
      names: '$.timeot: unknown key (did you mean "timeout"?)',
    });
  });

  it("refuses a missing required key and lists exactly the schema's keys for an unknown one", () => {
    expect(byName("without the required mode")).toMatchObject({ config: {}, expect: "refuse", names: "mode" });
    expect(byName("an unknown key lists exactly the schema's keys")?.names).toBe(
      "$.zzNotAKey: unknown key; the keys are timeout,mode,body",
    );
  });
});
