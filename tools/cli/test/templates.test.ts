// The samples the CLI ships for `gatewasm new` outside a checkout (dist/templates, written by its
// build) are plugins/* as they are now, file for file and byte for byte, and the versions it
// writes into a standalone project are the packages' own.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageVersions, sampleFiles, samplesIn, TEMPLATES } from "../src/commands/new/sample-files.js";
import { ROOT } from "./support/cli.js";

const TEMPLATES_DIST = join(ROOT, "tools/cli/dist/templates");
const version = (dir: string) => JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")).version;

describe("the CLI's sample templates", () => {
  it("are found where the built CLI looks for them", () => {
    // src/ resolves them as dist/ does: two folders up from commands/new.
    expect(TEMPLATES).toBe(join(ROOT, "tools/cli/src/templates"));
    expect(samplesIn(TEMPLATES_DIST)).toEqual(samplesIn(join(ROOT, "plugins")));
    expect(samplesIn(TEMPLATES_DIST)).toContain("hello-world");
  });

  it.each(samplesIn(join(ROOT, "plugins")))(
    "%s is identical to its folder in plugins/ (rebuild the CLI if not)",
    (sample) => {
      const plugin = join(ROOT, "plugins", sample);
      const template = join(TEMPLATES_DIST, sample);
      const files = sampleFiles(plugin);
      expect(files).toContain("src/plugin.ts");
      expect(sampleFiles(template)).toEqual(files);
      for (const f of files)
        expect(readFileSync(join(template, f)).equals(readFileSync(join(plugin, f))), f).toBe(true);
    },
  );

  it("record the versions of @gatewasm/sdk, host and cli", () => {
    const recorded = JSON.parse(readFileSync(join(TEMPLATES_DIST, "versions.json"), "utf8"));
    expect(recorded).toEqual({
      "@gatewasm/sdk": version("packages/sdk"),
      "@gatewasm/host": version("packages/host"),
      "@gatewasm/cli": version("tools/cli"),
    });
    expect(() => packageVersions()).toThrow(
      /versions\.json is missing: this @gatewasm\/cli was built without its templates/,
    );
  });
});
