// Renders the envoy.yaml field table of docs/gateway.md from the reader's schemas, so the doc
// cannot drift from what the reader does.
import * as fields from "../../src/gateway/envoy-fields.js";
import type { MessageSchema } from "../../src/gateway/envoy-fields.js";

const list = (names: readonly string[]) => (names.length ? names.map((n) => `\`${n}\``).join(", ") : "—");

export function renderFieldsTable(): string {
  const schemas = Object.values(fields).filter(
    (v): v is MessageSchema => typeof v === "object" && v !== null && "fields" in v,
  );
  const rows = schemas.map((s) => {
    const warn = Object.keys(s.warn ?? {});
    const refused = s.fields.filter((f) => !s.read.includes(f) && !warn.includes(f));
    return `| \`${s.name}\` | ${list(s.read)} | ${list(warn)} | ${list(refused)} |`;
  });
  return ["| message | runs | ignores with a warning | refuses |", "|---|---|---|---|", ...rows].join("\n");
}
