// One way for every verb to read its arguments: Node's parseArgs, `--help` on every verb, and
// usage errors that end in the verb's usage text with exit code 2.
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface VerbArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** Returns the parsed arguments, or the exit code when `--help` was asked for (0) or the arguments were wrong (2). */
export function parseVerbArgs(verb: string, usage: string, argv: string[], options: Options): VerbArgs | number {
  let parsed: VerbArgs;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...options, help: { type: "boolean", short: "h" } },
    });
  } catch (e) {
    return usageError(verb, usage, (e as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return parsed;
}

/** Prints `gatewasm <verb>: <message>` and the usage; returns exit code 2. */
export function usageError(verb: string, usage: string, message: string): number {
  process.stderr.write(`gatewasm ${verb}: ${message}\n\n${usage}\n`);
  return 2;
}
