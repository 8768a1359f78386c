#!/usr/bin/env node
// The `gatewasm` command; the code is built into dist/ by `pnpm build`.
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
