#!/usr/bin/env node
// `pnpm start`: the demo. Builds what it runs (the host, and the mock plugin with the CLI its
// build checks with; turbo skips what is built already), then the local gateway runs the mock
// plugin's own envoy.yaml on 127.0.0.1:10000 (`--listen HOST:PORT` to change it), with its
// `httpbin` cluster pointed at an embedded echo server that answers like httpbin's /get and
// /anything, so neither Docker nor Python is needed. Runs until Ctrl-C. `--no-build` skips
// the build (the tests, which run after it).
//
// It stops, whole tree, on SIGINT, SIGTERM or SIGHUP to any of its processes: pnpm (the `start`
// script execs node, so pnpm forwards its signals straight to this process, with no shell in
// between to swallow a SIGINT), turbo while it builds (it ends, and so do we), or this process
// (which stops turbo first if it is building). And it stops when a process that launched it
// goes away without passing the signal on: `npx -y pnpm@… start` runs npm -> sh -> pnpm -> node,
// and a SIGTERM to npm ends npm and sh only (see launch-chain.mjs).
import { spawn } from "node:child_process";
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { launchChain, watchLaunchChain } from "./launch-chain.mjs";

// Taken first: a launcher may go while we build or start.
const launchers = launchChain();
const { values } = parseArgs({
  options: { listen: { type: "string", default: "127.0.0.1:10000" }, "no-build": { type: "boolean", default: false } },
});
const root = fileURLToPath(new URL("..", import.meta.url));
const envoyYaml = fileURLToPath(new URL("../plugins/mock/envoy.yaml", import.meta.url));
const wasm = fileURLToPath(new URL("../plugins/mock/build/plugin.wasm", import.meta.url));

let stopping = false;
/** Awaited by the start-up once a stop began: stop() ends the process. */
const halted = new Promise(() => undefined);
/** What to stop, in order, once running: the build, or the gateway and the upstream. */
const running = { build: null, gateway: null, upstream: null };

async function stop(reason, code) {
  if (stopping) return;
  stopping = true;
  stopWatching();
  console.log(`\n${reason}: stopping`);
  // A stop that cannot finish (a client holding a connection open) must not keep the port.
  setTimeout(() => process.exit(1), 30_000).unref();
  // turbo's bin forwards SIGTERM to turbo, which stops its tasks.
  if (running.build && running.build.exitCode === null) {
    const ended = new Promise((resolve) => running.build.once("exit", resolve));
    running.build.kill("SIGTERM");
    await ended;
  }
  await running.gateway?.stop();
  await running.upstream?.stop();
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => void stop(signal, 0));
// Once pnpm is gone, so may be the pipe our output went to: a failed write must not stop the stop.
process.stdout.on("error", () => undefined);
const stopWatching = watchLaunchChain(launchers, (reason) => void stop(reason, 0));

if (!values["no-build"]) {
  const turbo = createRequire(import.meta.url).resolve("turbo/bin/turbo");
  const args = ["run", "build", "--filter=@gatewasm/host", "--filter=@gatewasm/plugin-mock", "--output-logs=new-only"];
  if (process.stdout.isTTY) args.push("--color");
  running.build = spawn(process.execPath, [turbo, ...args], {
    cwd: root,
    stdio: ["inherit", "pipe", "inherit"],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  });
  // turbo exits 0 when a SIGTERM stops it mid-build: only its closing "Tasks: N successful,
  // N total" line says the build finished, so we read it on the way through.
  let said = "";
  running.build.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    said = (said + chunk).slice(-4000);
  });
  const [code, signal] = await new Promise((resolve) => running.build.once("exit", (c, s) => resolve([c, s])));
  running.build = null;
  if (stopping) await halted;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips turbo's ANSI colour codes (ESC [ … m).
  const summary = /Tasks:\s+(\d+) successful, (\d+) total/.exec(said.replace(/\u001b\[[0-9;]*m/g, ""));
  const finished = code === 0 && summary !== null && summary[1] === summary[2];
  if (!finished) {
    console.error(
      `demo: the build did not finish (${signal ?? `exit ${code}`}${summary ? `, ${summary[1]} of ${summary[2]} tasks` : ""})`,
    );
    await stop("build stopped", 1);
    await halted;
  }
}

const { startEchoUpstream, startGateway } = await import("../packages/host/dist/index.js");
running.upstream = await startEchoUpstream();
try {
  running.gateway = await startGateway({
    envoyYaml,
    listen: values.listen,
    clusters: { httpbin: running.upstream.address },
    wasm: { "/etc/envoy/main.wasm": wasm },
  });
} catch (e) {
  const busy = /EADDRINUSE/.test(e.message)
    ? `\n${values.listen} is in use: stop what listens there, or run \`node tools/demo.mjs --listen 127.0.0.1:10001\``
    : "";
  console.error(`demo: ${e.message}${busy}`);
  await stop("gateway did not start", 1);
}
if (stopping) await halted;
const { gateway, upstream } = running;

// One request of our own, so the demo shows the plugin working before anyone types curl.
const echoed = await (await fetch(`${gateway.url}/get`)).json();

console.log(`gatewasm demo: the mock plugin in the local gateway
  plugin    plugins/mock/build/plugin.wasm (${statSync(wasm).size.toLocaleString("en-US")} bytes), configuration from plugins/mock/envoy.yaml
  gateway   ${gateway.url}
  upstream  embedded echo server ${upstream.url} (answers like httpbin's /get and /anything)
  check     GET /get -> the upstream saw "Hello": "${echoed.headers?.Hello ?? "(missing)"}"

Try it:
  curl ${gateway.url}/get

The echoed request headers include "Hello": "world", added by the plugin. Set "mockEnable" to
true in plugins/mock/envoy.yaml and restart: the gateway answers "hello world" itself.
Ctrl-C stops.`);
