#!/usr/bin/env node
// The embedded echo upstream in a process of its own, so the gateway under load does not also
// serve the upstream on its event loop. Prints its address as one JSON line, runs until SIGTERM.
// The echo server remembers every request (for tests); a load run would make that list grow
// by the million, so it is emptied every second.
import { startEchoUpstream } from "@gatewasm/host";

const upstream = await startEchoUpstream();
setInterval(() => {
  upstream.requests.length = 0;
}, 1000).unref();
process.stdout.write(`${JSON.stringify({ address: upstream.address })}\n`);
process.on("SIGTERM", () => void upstream.stop().then(() => process.exit(0)));
