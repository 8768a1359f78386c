// The playground as a user meets it: served by `gatewasm playground`, in headless Chromium,
// found by the accessible names the page promises (Sample, Source, Configuration, Run, Result).
// Each Run compiles in the page with AssemblyScript (seconds, more on a loaded machine), so the
// waits are for the page's own status, never for a fixed time.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { strFromU8, unzipSync } from "fflate";
import type { Page } from "playwright-core";
import { openBrowser, ROOT, servePlayground, type Browser, type Served } from "./support/served-page.js";

let served: Served;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  served = await servePlayground();
  browser = await openBrowser();
  page = browser.page;
  // The cap of every wait below: against a hang, not a speed claim (vitest.shared.ts).
  page.setDefaultTimeout(240_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(served.url);
  await page.getByRole("combobox", { name: "Sample" }).waitFor();
  expect(errors).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

/** Replaces an editor's whole text as typing would (CodeMirror sees ordinary input). */
async function setEditor(name: string, text: string): Promise<void> {
  const editor = page.getByRole("textbox", { name });
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
}

/** Presses Run and waits until the page says how it ended; returns the Result region's text. */
async function run(): Promise<{ status: string; result: string }> {
  await page.getByRole("button", { name: "Run" }).click();
  await page.waitForFunction(() =>
    ["Done", "Failed", "Compile errors"].includes(document.getElementById("status")?.textContent ?? ""),
  );
  return {
    status: (await page.getByRole("status").textContent()) ?? "",
    result: await page.getByRole("region", { name: "Result" }).innerText(),
  };
}

const MOCK_SOURCE = readFileSync(join(ROOT, "plugins/mock/src/plugin.ts"), "utf8");
const HANDLER = "function onHttpRequestHeaders(ctx: HttpContext, config: MockConfig, log: Log): HeaderAction {";

describe("the playground page", () => {
  it('mock with {"mockEnable": true}: Run shows the local reply hello world, the verdict and the size', async () => {
    await page.getByRole("combobox", { name: "Sample" }).selectOption("mock");
    expect(await page.getByRole("textbox", { name: "Source" }).innerText()).toContain("setCtx<MockConfig>(");
    await setEditor("Configuration", '{"mockEnable": true}');
    const { status, result } = await run();
    expect(status, result).toBe("Done");
    expect(result).toMatch(/Local reply \(the upstream was not called\)\n200 \(mock\)/);
    expect(result).toMatch(/\n\s*hello world\s*(\n|$)/);
    expect(result).toMatch(/Loads on stock Envoy: ABI 0\.2\.1, allocator (malloc|proxy_on_memory_allocate)\./);
    // The same flags as the release build give the same module: plugins/mock/build/plugin.wasm.
    const released = readFileSync(join(ROOT, "plugins/mock/build/plugin.wasm")).length;
    const budget: number = JSON.parse(readFileSync(join(ROOT, "plugins/mock/package.json"), "utf8")).gatewasm.budget;
    expect(result).toContain(
      `Module size: ${released.toLocaleString("en-US")} bytes of a ${budget.toLocaleString("en-US")}-byte budget`,
    );
    expect(result).toContain("Stream: local-reply.");
    expect(result).not.toContain("Upstream request");
  });

  it("keeps the work in the URL: a reload opens mock with the edited configuration", async () => {
    const url = page.url();
    expect(url).toMatch(/#w=[A-Za-z0-9_-]+$/);
    await page.goto("about:blank");
    await page.goto(url);
    await page.getByRole("combobox", { name: "Sample" }).waitFor();
    expect(await page.getByRole("combobox", { name: "Sample" }).inputValue()).toBe("mock");
    expect(await page.getByRole("textbox", { name: "Configuration" }).innerText()).toBe('{"mockEnable": true}');
  });

  it("an edit of the source that adds a header shows in the upstream request; the .wasm downloads", async () => {
    expect(MOCK_SOURCE).toContain(HANDLER);
    const edited = MOCK_SOURCE.replace(
      HANDLER,
      `${HANDLER}\n  proxywasm.addHttpRequestHeader("x-playground", "edited in the page");`,
    );
    await setEditor("Source", edited);
    await setEditor("Configuration", "{}");
    const { status, result } = await run();
    expect(status, result).toBe("Done");
    const upstream = result.slice(result.indexOf("Upstream request"));
    expect(upstream).toContain("x-playground: edited in the page");
    expect(upstream).toContain("hello: world");
    expect(upstream).toContain(":path: /get");
    expect(result).not.toContain("Local reply");
    expect(result).toMatch(/request headers\s+Continue/);
    expect(result).toContain("Stream: continue.");

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download .wasm" }).click();
    const file = await (await download).path();
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
    expect(result).toContain(`Module size: ${bytes.length.toLocaleString("en-US")} bytes`);

    // The plugin folder: gatewasm new's standalone layout, with the page's edit, config and module.
    const zip = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download plugin folder" }).click();
    const folder = unzipSync(readFileSync(await (await zip).path()));
    const text = (rel: string) => strFromU8(folder[`mock/${rel}`]);
    expect(text("src/plugin.ts")).toBe(edited);
    expect(text("src/config.ts")).toBe(readFileSync(join(ROOT, "plugins/mock/src/config.ts"), "utf8"));
    expect(text("config/playground.json")).toBe("{}\n");
    expect([...folder["mock/build/plugin.wasm"]]).toEqual([...bytes]);
    const pkg = JSON.parse(text("package.json"));
    expect(JSON.stringify(pkg)).not.toContain("workspace:");
    expect(pkg.devDependencies["@gatewasm/sdk"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(pkg.scripts.pack).toBe("gatewasm pack .");
    expect(text("vitest.config.ts")).toContain("defineConfig");
    for (const rel of ["spec.yaml", "envoy.yaml", "README.md", "asconfig.json"])
      expect(Object.keys(folder)).toContain(`mock/${rel}`);
    expect(text("CHANGELOG.md")).toBe("# @gatewasm/plugin-mock\n");
    for (const rel of ["turbo.json", "tsconfig.json"]) expect(Object.keys(folder)).not.toContain(`mock/${rel}`);
  });

  it("a compile error is shown at its line, in Result and in the editor", async () => {
    const lines = MOCK_SOURCE.split("\n");
    const at = lines.indexOf(HANDLER) + 1;
    lines.splice(at, 0, '  const broken: i32 = "not a number";');
    const errorLine = at + 1;
    await setEditor("Source", lines.join("\n"));
    const { status, result } = await run();
    expect(status).toBe("Compile errors");
    expect(result).toMatch(new RegExp(`src/plugin\\.ts:${errorLine}:\\d+ error AS\\d+: .*string.*i32`));
    expect(result).not.toContain("Upstream request");
    await page.locator(".cm-lintRange-error").first().waitFor();
  });

  it("http-call's token call is answered by the scripted reply, whose header reaches the upstream", async () => {
    await page.getByRole("combobox", { name: "Sample" }).selectOption("http-call");
    const { status, result } = await run();
    expect(status, result).toBe("Done");
    expect(result).toMatch(/HTTP calls\n.*token\.static/);
    const upstream = result.slice(result.indexOf("Upstream request"));
    expect(upstream).toContain("x-token: token-from-auth-service");
    expect(upstream).toContain(":path: /orders");
  });

  it("redis-ratelimit runs on the higress flavor with its Redis calls answered by the script", async () => {
    await page.getByRole("combobox", { name: "Sample" }).selectOption("redis-ratelimit");
    const { status, result } = await run();
    expect(status, result).toBe("Done");
    expect(result).toContain("Loads on Higress's gateway");
    expect(result).toMatch(/Redis calls\n.*EVALSHA|Redis calls\n.*EVAL/i);
    const upstream = result.slice(result.indexOf("Upstream request"));
    expect(upstream).toContain(":path: /api");
    expect(result).toMatch(/x-ratelimit-remaining: 99/i);
  });
});
