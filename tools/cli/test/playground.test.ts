// `gatewasm playground` is the page's web server: it serves a built page from loopback with the
// types a browser needs, nothing outside the page's folder, and says what is wrong when it
// cannot start. (The page itself is tested in a browser by tools/playground.)
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gatewasm, listening, startGatewasm, tempDir } from "./support/cli.js";

const tmp = tempDir("playground");
afterAll(() => tmp.remove());

const page = join(tmp.dir, "page");
mkdirSync(join(page, "assets"), { recursive: true });
writeFileSync(join(page, "index.html"), "<!doctype html><title>page</title>");
writeFileSync(join(page, "assets/app.js"), "export const x = 1;\n");
writeFileSync(join(page, "assets/m.wasm"), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
writeFileSync(join(tmp.dir, "secret.txt"), "outside the page");

describe("gatewasm playground", () => {
  it("serves the page's files with their types, GET and HEAD only, nothing outside its folder; SIGTERM stops it", async () => {
    const run = startGatewasm(["playground", "--listen", "127.0.0.1:0", "--dir", page]);
    const url = await listening(run);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const index = await fetch(`${url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await index.text()).toContain("<title>page</title>");
    const js = await fetch(`${url}/assets/app.js?v=1`);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const wasm = await fetch(`${url}/assets/m.wasm`);
    expect(wasm.headers.get("content-type")).toBe("application/wasm");
    expect(new Uint8Array(await wasm.arrayBuffer()).length).toBe(8);
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${url}/%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${url}/assets/%2e%2e/%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${url}/%E0%A4%A`)).status).toBe(404);
    const post = await fetch(`${url}/`, { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    const head = await fetch(`${url}/`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String("<!doctype html><title>page</title>".length));
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
  });

  it("serves the built @gatewasm/playground page when no --dir is given", async () => {
    const run = startGatewasm(["playground", "--listen", "127.0.0.1:0"]);
    const url = await listening(run);
    const html = await (await fetch(`${url}/`)).text();
    expect(html).toContain("<title>gatewasm playground</title>");
    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(0);
  });

  it("refuses a bad --listen, a folder without a page, and arguments it does not take", () => {
    const listen = gatewasm(["playground", "--listen", "localhost"]);
    expect(listen.status).toBe(2);
    expect(listen.stderr).toContain("gatewasm playground: --listen localhost: expected HOST:PORT, e.g. 127.0.0.1:4173");
    const port = gatewasm(["playground", "--listen", "127.0.0.1:70000"]);
    expect(port.status).toBe(2);
    expect(port.stderr).toContain("port 70000 is above 65535");
    const dir = gatewasm(["playground", "--dir", tmp.dir]);
    expect(dir.status).toBe(1);
    expect(dir.stderr).toContain(`gatewasm playground: --dir ${tmp.dir}: no index.html there`);
    const extra = gatewasm(["playground", "page"]);
    expect(extra.status).toBe(2);
    expect(extra.stderr).toContain('unexpected argument "page"');
  });
});
