// doctor's text report: what the module imports and exports, each check, and every problem in
// Envoy's words, ending in one verdict line that scripts and people can both read.
import { formatShippableVerdict, shippableProblemLines, shippableVerdictWords } from "@gatewasm/host";
import { type Diagnosis, signature } from "./diagnose.js";

const HOSTS = { envoy: "stock Envoy", higress: "Higress's gateway (Envoy with Higress's extensions)" };

function table(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ")}`.trimEnd());
}

export function formatReport(file: string, d: Diagnosis, budgetSource: string | undefined): string {
  const abi = d.abiVersion ? `ABI ${d.abiVersion.replaceAll("_", ".")}` : "no known ABI";
  const lines = [
    `${file}: ${d.size.toLocaleString("en-US")} bytes, ${abi}, checked for ${d.flavor} (${HOSTS[d.flavor]})`,
    "",
  ];

  lines.push(`imports (${d.imports.length})`);
  lines.push(
    ...table(
      d.imports.map((i) => [
        i.problem ? (i.higressOnly ? "HIGRESS" : "MISSING") : "ok",
        i.key,
        i.kind === "function" && i.type ? signature(i.type) : i.kind,
      ]),
    ),
  );
  lines.push("", `exports (${d.exports.length})`);
  lines.push(
    ...table(
      d.exports.map((e) => [
        e.problem ? "BAD" : "ok",
        e.name,
        e.kind === "function" && e.type ? signature(e.type) : e.kind,
      ]),
    ),
  );

  lines.push("", "checks");
  lines.push(...table(d.checks.map((c) => [c.ok ? "ok" : "FAIL", c.label])));
  lines.push(
    budgetSource
      ? `  (budget from ${budgetSource})`
      : "  (no budget: not in a gatewasm plugin's package, and no --budget)",
  );

  if (d.problems.length > 0) lines.push("", ...shippableProblemLines(d));
  lines.push("", `result: ${shippableVerdictWords(d)}`);
  return `${lines.join("\n")}\n`;
}

/** One line for a build log when all is well; the problems too when not (the host's wording). */
export function formatVerdict(file: string, d: Diagnosis): string {
  return `${formatShippableVerdict(file, d)}\n`;
}
