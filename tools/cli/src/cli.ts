// `gatewasm <verb> …`: one file per verb under commands/. Only `run` exists so far.
import { runCommand, RUN_USAGE } from "./commands/run.js";

const USAGE = `usage: gatewasm <command> [options]

commands:
  run    run an envoy.yaml in the local gateway

${RUN_USAGE}`;

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === "run") return runCommand(rest);
  if (verb === undefined || verb === "help" || verb === "--help" || verb === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return verb === undefined ? 2 : 0;
  }
  process.stderr.write(`gatewasm: unknown command "${verb}"\n\n${USAGE}\n`);
  return 2;
}
