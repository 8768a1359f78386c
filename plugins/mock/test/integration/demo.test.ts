// The README's first command ends in `node tools/demo.mjs`: the gateway with this plugin's
// envoy.yaml in front of the embedded echo upstream. Run on a free port here, it must print
// the curl line, serve it with "Hello": "world" echoed, and stop cleanly on Ctrl-C (SIGINT).
// It runs the repository's tools/demo.mjs, so gatewasm new leaves this file out of new plugins.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const demo = fileURLToPath(new URL("../../../../tools/demo.mjs", import.meta.url));

describe("integration: the demo (pnpm start)", () => {
  it("serves the printed curl line with Hello: world and stops on SIGINT", async () => {
    const child = spawn(process.execPath, [demo, "--no-build", "--listen", "127.0.0.1:0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    try {
      let output = "";
      const url = await new Promise<string>((found, fail) => {
        child.stdout.on("data", (chunk) => {
          output += chunk;
          const m = /curl (http:\/\/127\.0\.0\.1:\d+)\/get/.exec(output);
          if (m) found(m[1]);
        });
        void exited.then((code) =>
          fail(new Error(`demo exited with ${code} before printing the curl line:\n${output}`)),
        );
      });
      expect(output).toContain('the upstream saw "Hello": "world"');
      const echoed = (await (await fetch(`${url}/get`)).json()) as { headers: Record<string, string> };
      expect(echoed.headers.Hello).toBe("world");
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });
});
