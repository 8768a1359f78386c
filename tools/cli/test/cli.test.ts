// The command itself: every verb answers --help with its usage and exit 0; unknown verbs and
// no verb say what exists.
import { describe, expect, it } from "vitest";
import { gatewasm } from "./support/cli.js";

const VERBS = ["dev", "doctor", "new", "pack", "playground", "release", "run"];

describe("gatewasm", () => {
  it("lists every verb in its usage", () => {
    const r = gatewasm(["--help"]);
    expect(r.status).toBe(0);
    for (const verb of VERBS) expect(r.stdout).toMatch(new RegExp(`^ {2}${verb} +\\S`, "m"));
  });

  it.each(VERBS)("%s --help prints its usage and exits 0", (verb) => {
    for (const flag of ["--help", "-h"]) {
      const r = gatewasm([verb, flag]);
      expect(r.status).toBe(0);
      expect(r.stdout.startsWith(`usage: gatewasm ${verb}`)).toBe(true);
      expect(r.stderr).toBe("");
    }
    expect(gatewasm(["help", verb]).stdout.startsWith(`usage: gatewasm ${verb}`)).toBe(true);
  });

  it("exits 2 with the usage for no verb, an unknown verb, or an unknown option", () => {
    expect(gatewasm([]).status).toBe(2);
    const unknown = gatewasm(["serve"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('gatewasm: unknown command "serve"');
    const option = gatewasm(["pack", "--sign"]);
    expect(option.status).toBe(2);
    expect(option.stderr).toContain("gatewasm pack: Unknown option '--sign'");
    expect(option.stderr).toContain("usage: gatewasm pack");
  });
});
