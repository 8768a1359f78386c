#!/usr/bin/env node
// `pnpm start`: the demo. The local gateway runs the mock plugin's own envoy.yaml on
// 127.0.0.1:10000 (`--listen HOST:PORT` to change it), with its `httpbin` cluster pointed at
// an embedded echo server that answers like httpbin's /get and /anything, so neither Docker
// nor Python is needed. Runs until Ctrl-C.
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startEchoUpstream, startGateway } from "../packages/host/dist/index.js";

const { values } = parseArgs({ options: { listen: { type: "string", default: "127.0.0.1:10000" } } });
const envoyYaml = fileURLToPath(new URL("../plugins/mock/envoy.yaml", import.meta.url));
const wasm = fileURLToPath(new URL("../plugins/mock/build/plugin.wasm", import.meta.url));

const upstream = await startEchoUpstream();
let gateway;
try {
  gateway = await startGateway({
    envoyYaml,
    listen: values.listen,
    clusters: { httpbin: upstream.address },
    wasm: { "/etc/envoy/main.wasm": wasm },
  });
} catch (e) {
  await upstream.stop();
  const busy = /EADDRINUSE/.test(e.message) ? `\n${values.listen} is in use: stop what listens there, or run \`node tools/demo.mjs --listen 127.0.0.1:10001\`` : "";
  console.error(`demo: ${e.message}${busy}`);
  process.exit(1);
}

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

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    await gateway.stop();
    await upstream.stop();
    process.exit(0);
  });
}
