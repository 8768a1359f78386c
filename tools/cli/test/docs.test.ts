// `gatewasm docs`: README configuration tables written from spec.yaml, and `--check` failing
// (changing nothing) when a README's table differs from what spec.yaml gives.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gatewasm, tempDir } from "./support/cli.js";

const tmp = tempDir("docs");
afterAll(() => tmp.remove());

const SPEC = `apiVersion: 1.0.0
info: { name: demo }
spec:
  phase: UNSPECIFIED_PHASE
  priority: 10
  configSchema:
    openAPIV3Schema:
      type: object
      required: [name]
      properties:
        name:
          type: string
          description: "Who to greet | politely"
          x-description-i18n: { zh-CN: 问候的人 }
        timeout:
          type: integer
          minimum: 1
          maximum: 60000
          default: 500
          description: Milliseconds to wait.
        mode:
          type: string
          enum: [fast, safe]
          default: safe
          description: How.
`;

const README = "# demo\n\n<!-- config-table:begin -->\n| stale |\n<!-- config-table:end -->\n\nmore text\n";

describe("gatewasm docs", () => {
  const dir = join(tmp.dir, "plugin");
  it("--check fails on a stale table and changes nothing; docs then writes it from spec.yaml", () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "spec.yaml"), SPEC);
    writeFileSync(join(dir, "README.md"), README);
    writeFileSync(join(dir, "README_ZH.md"), README);

    const check = gatewasm(["docs", dir, "--check"]);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain("README.md's configuration table differs from spec.yaml");
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe(README);

    expect(gatewasm(["docs", dir]).status).toBe(0);
    const en = readFileSync(join(dir, "README.md"), "utf8");
    expect(en).toContain("| key | type | required | default | description |");
    expect(en).toContain("| `name` | string | yes |  | Who to greet \\| politely |");
    expect(en).toContain("| `timeout` | integer, 1–60000 | no | `500` | Milliseconds to wait. |");
    expect(en).toContain('| `mode` | string: `fast`, `safe` | no | `"safe"` | How. |');
    expect(en.endsWith("<!-- config-table:end -->\n\nmore text\n")).toBe(true);
    expect(readFileSync(join(dir, "README_ZH.md"), "utf8")).toContain("| `name` | string | 是 |  | 问候的人 |");
    expect(gatewasm(["docs", dir, "--check"]).status).toBe(0);
  });

  it("names a README without the markers", () => {
    writeFileSync(join(dir, "README.md"), "# no table\n");
    const r = gatewasm(["docs", dir, "--check"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("README.md has no <!-- config-table:begin … <!-- config-table:end --> markers");
  });
});
