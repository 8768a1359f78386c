// `gatewasm <verb> …`: one folder or file per verb under commands/.
import { devCommand, DEV_USAGE } from "./commands/dev.js";
import { docsCommand, DOCS_USAGE } from "./commands/docs.js";
import { doctorCommand, DOCTOR_USAGE } from "./commands/doctor/doctor.js";
import { newCommand, NEW_USAGE } from "./commands/new/new.js";
import { packCommand, PACK_USAGE } from "./commands/pack/pack.js";
import { playgroundCommand, PLAYGROUND_USAGE } from "./commands/playground/playground.js";
import { releaseCommand, RELEASE_USAGE } from "./commands/release/release.js";
import { runCommand, RUN_USAGE } from "./commands/run.js";

const VERBS: Record<string, { summary: string; usage: string; run: (argv: string[]) => number | Promise<number> }> = {
  docs: {
    summary: "write the README configuration tables from spec.yaml (--check: fail if they differ)",
    usage: DOCS_USAGE,
    run: docsCommand,
  },
  dev: {
    summary: "build a plugin, run its envoy.yaml with --watch, and rebuild on every change under src/",
    usage: DEV_USAGE,
    run: devCommand,
  },
  doctor: {
    summary: "will this .wasm load on Envoy / Higress? (imports, exports, marker, allocator, size)",
    usage: DOCTOR_USAGE,
    run: doctorCommand,
  },
  new: {
    summary:
      "a new plugin from a sample (hello-world, mock, http-call, redis-ratelimit): plugins/<name> in a checkout, else a project of its own",
    usage: NEW_USAGE,
    run: newCommand,
  },
  pack: {
    summary: "write a plugin as an OCI image layout (Higress's format) and its WasmPlugin resource",
    usage: PACK_USAGE,
    run: packCommand,
  },
  playground: {
    summary: "serve the plugin playground page (compile and run plugins in the browser) on loopback",
    usage: PLAYGROUND_USAGE,
    run: playgroundCommand,
  },
  release: {
    summary: "version, build, pack and tag the packages with pending changesets (maintainers)",
    usage: RELEASE_USAGE,
    run: releaseCommand,
  },
  run: { summary: "run an envoy.yaml in the local gateway", usage: RUN_USAGE, run: runCommand },
};

function usage(): string {
  const width = Math.max(...Object.keys(VERBS).map((v) => v.length));
  const list = Object.entries(VERBS).map(([verb, v]) => `  ${verb.padEnd(width)}  ${v.summary}`);
  return `usage: gatewasm <command> [options]

commands:
${list.join("\n")}

gatewasm <command> --help shows a command's options.`;
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb !== undefined && Object.hasOwn(VERBS, verb)) return VERBS[verb].run(rest);
  if (verb === undefined || verb === "help" || verb === "--help" || verb === "-h") {
    const topic = verb === "help" && rest[0] && Object.hasOwn(VERBS, rest[0]) ? VERBS[rest[0]].usage : usage();
    process.stdout.write(`${topic}\n`);
    return verb === undefined ? 2 : 0;
  }
  process.stderr.write(`gatewasm: unknown command "${verb}"\n\n${usage()}\n`);
  return 2;
}
