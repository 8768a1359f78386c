// The gatewasm checkout a command runs in: the folder with pnpm-workspace.yaml, and its plugins.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The nearest folder at or above `from` holding pnpm-workspace.yaml, or undefined. */
export function findWorkspaceRoot(from = process.cwd()): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Folder names under plugins/ that are plugins (they have a package.json and a spec.yaml). */
export function pluginFolders(root: string): string[] {
  const plugins = join(root, "plugins");
  if (!existsSync(plugins)) return [];
  return readdirSync(plugins, { withFileTypes: true })
    .filter(
      (d) =>
        d.isDirectory() &&
        existsSync(join(plugins, d.name, "package.json")) &&
        existsSync(join(plugins, d.name, "spec.yaml")),
    )
    .map((d) => d.name)
    .sort();
}

/**
 * The gatewasm checkout at or above `from`: a pnpm workspace whose packages/sdk is @gatewasm/sdk.
 * Any other pnpm workspace (a user's own monorepo) is not one.
 */
export function findGatewasmCheckout(from = process.cwd()): string | undefined {
  const root = findWorkspaceRoot(from);
  if (!root) return undefined;
  try {
    return JSON.parse(readFileSync(join(root, "packages/sdk/package.json"), "utf8")).name === "@gatewasm/sdk"
      ? root
      : undefined;
  } catch {
    return undefined;
  }
}
