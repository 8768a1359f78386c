#!/usr/bin/env node
// `pnpm start`: the demo. Until the gateway lands, it runs the built hello-world plugin in the
// host, sends it one request and prints what a client would receive.
import { fileURLToPath } from "node:url";
import { TestHost } from "../packages/host/dist/index.js";

const wasm = fileURLToPath(new URL("../plugins/hello-world/build/plugin.wasm", import.meta.url));
const host = await TestHost.start({ wasm });
const http = host.initHttp();
http.callOnHttpRequestHeaders({ ":authority": "127.0.0.1:10000", ":method": "GET", ":path": "/get", ":scheme": "http" }, true);
const reply = http.getLocalResponse();
http.completeHttp();
console.log(`hello-world (${wasm}) answered GET /get with:\n`);
for (const [k, v] of reply.headers) console.log(`${k}: ${v}`);
console.log(`\n${reply.body.toString()}`);
