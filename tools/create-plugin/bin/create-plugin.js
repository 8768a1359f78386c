#!/usr/bin/env node
// `npm create @gatewasm/plugin <name> [-- --from <sample>] [-- --flavor higress]`: the CLI's
// `gatewasm new` in the current folder, from hello-world unless another sample is named.
import { main } from "@gatewasm/cli";

const args = process.argv.slice(2);
const named = args.some((a) => a === "--from" || a.startsWith("--from=") || a === "--help" || a === "-h");
process.exitCode = await main(["new", ...args, ...(named ? [] : ["--from", "hello-world"])]);
