// Where the playground page is: a folder given with --dir, else the built dist/ of the
// @gatewasm/playground package (a workspace link in a checkout, an install beside the CLI
// elsewhere).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

export class PageNotFound extends Error {}

export function pageDir(dir: string | undefined): string {
  if (dir !== undefined) {
    const d = resolve(dir);
    if (!existsSync(join(d, "index.html"))) throw new PageNotFound(`--dir ${dir}: no index.html there (give the playground's built dist/ folder)`);
    return d;
  }
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve("@gatewasm/playground/package.json");
  } catch {
    throw new PageNotFound("the page comes with the @gatewasm/playground package, which is not installed: npm install --save-dev @gatewasm/playground (or pass --dir with a built page)");
  }
  const dist = join(dirname(pkg), "dist");
  if (!existsSync(join(dist, "index.html"))) throw new PageNotFound(`${dist}/index.html is missing: build the page first (pnpm --filter @gatewasm/playground build)`);
  return dist;
}
