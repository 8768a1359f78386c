// Generated inputs are reproducible from their seed (a saved failure replays), and a saved case
// round-trips through the file format.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostileAnswer, hostileReply } from "../src/inputs/callout-answers.js";
import { configMaterial, fuzzConfig } from "../src/inputs/configs.js";
import { request } from "../src/inputs/requests.js";
import { PLUGINS, exampleConfigs } from "../src/plugins.js";
import { Rng } from "../src/rng.js";
import { replayCase, saveCase } from "../src/sections/fuzz-case.js";

const mock = PLUGINS.find((p) => p.name === "mock")!;

function draw(seed: number) {
  const rng = new Rng(seed);
  const material = configMaterial(exampleConfigs(mock));
  return Array.from({ length: 50 }, () => ({
    config: fuzzConfig(rng, material).toString("base64"),
    request: request(rng, mock.fuzz.traffic, true),
    answer: hostileAnswer(rng, ["x-token"]),
    reply: hostileReply(rng),
  }));
}

describe("inputs", () => {
  it("the same seed gives the same inputs, another seed others", () => {
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it("a saved case replays", () => {
    const rng = new Rng(1);
    const file = join(mkdtempSync(join(tmpdir(), "bench-")), "case.json");
    const r = request(rng, mock.fuzz.traffic, true);
    r.httpAnswer = hostileAnswer(rng, ["x-token"]);
    r.redisAnswer = hostileReply(rng);
    saveCase(
      file,
      {
        plugin: "mock",
        seed: 1,
        kind: "request",
        index: 0,
        configuration: Buffer.from("{}").toString("base64"),
        request: r,
      },
      [],
    );
    expect(replayCase(file)).toEqual({ trapped: false, line: "mock: no trap" });
  });
});
