// Where the playground page is: the folder given with --dir; else the built dist/ of an
// @gatewasm/playground package installed in the current project or beside the CLI; else, in a
// gatewasm checkout, tools/playground/dist. The CLI does not depend on the page (15 MB, mostly
// AssemblyScript's compiler), so every plugin build need not build it first.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export class PageNotFound extends Error {}

/** tools/playground of the checkout this CLI runs from (this file is dist/commands/playground/page-files.js once built). */
const CHECKOUT_PAGE = fileURLToPath(new URL("../../../../playground", import.meta.url));

function installedPackage(): string | undefined {
  for (const from of [join(process.cwd(), "package.json"), fileURLToPath(import.meta.url)]) {
    try {
      return dirname(createRequire(from).resolve("@gatewasm/playground/package.json"));
    } catch {
      // not installed there
    }
  }
  return existsSync(join(CHECKOUT_PAGE, "package.json")) ? CHECKOUT_PAGE : undefined;
}

export function pageDir(dir: string | undefined): string {
  if (dir !== undefined) {
    const d = resolve(dir);
    if (!existsSync(join(d, "index.html")))
      throw new PageNotFound(`--dir ${dir}: no index.html there (give the playground's built dist/ folder)`);
    return d;
  }
  const pkg = installedPackage();
  if (!pkg)
    throw new PageNotFound(
      "the page comes with the @gatewasm/playground package, which is not installed: npm install --save-dev @gatewasm/playground (or pass --dir with a built page)",
    );
  const dist = join(pkg, "dist");
  if (!existsSync(join(dist, "index.html")))
    throw new PageNotFound(
      `${dist}/index.html is missing: build the page first (npx -y pnpm@10.34.9 --filter @gatewasm/playground build)`,
    );
  return dist;
}
