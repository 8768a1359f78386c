// `gatewasm doctor <file.wasm>`: will Envoy (or Higress) load this module? Every plugin's build
// ends with it, so a plugin that would not load, or outgrew its budget, fails its build.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseVerbArgs, usageError } from "../../args.js";
import { isFlavor, type PluginSettings, pluginSettings } from "../../plugin/package-settings.js";
import { diagnose } from "./diagnose.js";
import { formatReport, formatVerdict } from "./report.js";

export const DOCTOR_USAGE = `usage: gatewasm doctor <file.wasm> [--flavor envoy|higress] [--budget BYTES] [--quiet]

Will this module load? Lists its imports and exports, flags every import the host lacks and
every export with the wrong signature (in Envoy's words), a missing ABI marker or allocator, a
start section that can call the host before it has a context, and its size against the budget.
Exit 0 only if it would load (within budget, when one applies).

  --flavor   envoy: stock Envoy; higress: Higress's gateway, which adds the Redis calls
  --budget   the most bytes the module may have
  --quiet    one line when the module is fine; the verdict and its problems when not

Without --flavor / --budget, doctor reads "gatewasm": { "flavor", "budget" } from the package.json
that holds the file (a plugin's; its budget defaults to 65,536 bytes). A module outside such a
package is checked for envoy with no size budget unless --budget is given.`;

export function doctorCommand(argv: string[]): number {
  const args = parseVerbArgs("doctor", DOCTOR_USAGE, argv, {
    flavor: { type: "string" },
    budget: { type: "string" },
    quiet: { type: "boolean", short: "q" },
  });
  if (typeof args === "number") return args;
  const { values, positionals } = args;
  if (positionals.length !== 1) return usageError("doctor", DOCTOR_USAGE, "give one .wasm file");
  const file = positionals[0];

  let settings: PluginSettings;
  try {
    settings = pluginSettings(file);
  } catch (e) {
    process.stderr.write(`gatewasm doctor: ${(e as Error).message}\n`);
    return 2;
  }
  const flavor = values.flavor ?? settings.flavor;
  if (!isFlavor(flavor))
    return usageError("doctor", DOCTOR_USAGE, `--flavor ${String(flavor)}: expected envoy or higress`);
  // A budget is a gatewasm plugin's promise (its package.json "gatewasm" section) or asked for
  // with --budget; a foreign module outside such a package is judged on loading alone.
  const budget = values.budget !== undefined ? Number(values.budget) : settings.source ? settings.budget : undefined;
  if (budget !== undefined && (!Number.isInteger(budget) || budget <= 0)) {
    return usageError("doctor", DOCTOR_USAGE, `--budget ${String(values.budget)}: expected a number of bytes`);
  }
  const budgetSource =
    values.budget !== undefined
      ? "--budget"
      : settings.source
        ? `${relative(process.cwd(), settings.source) || "package.json"} "gatewasm".budget`
        : undefined;

  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    process.stderr.write(
      `gatewasm doctor: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`,
    );
    return 2;
  }
  const diagnosis = diagnose(bytes, flavor, budget);
  const out = diagnosis.ok ? process.stdout : process.stderr;
  out.write(values.quiet ? formatVerdict(file, diagnosis) : formatReport(file, diagnosis, budgetSource));
  return diagnosis.ok ? 0 : 1;
}
