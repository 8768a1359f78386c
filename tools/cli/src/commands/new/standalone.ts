// What makes a copied sample a project of its own outside the gatewasm repository: exact
// versions instead of workspace links, its own test setup instead of the repository's shared one,
// scripts to build, test, run and pack it, and none of the repository's publishing fields.
import type { Flavor } from "@gatewasm/host";

/** Files of a sample that only make sense inside the repository (its turbo setup, its shared tsconfig). */
export const REPOSITORY_ONLY = new Set(["turbo.json", "tsconfig.json", "vitest.config.ts"]);

type Pkg = Record<string, unknown> & {
  scripts?: Record<string, string>;
  devDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
};

/** package.json of a standalone project: `workspace:*` becomes the exact versions the CLI was built with. */
export function standalonePackageJson(pkg: Pkg, versions: Record<string, string>, flavor: Flavor): Pkg {
  const out: Pkg = { ...pkg };
  // The repository's own publishing fields point at the repository; the user's project has its own.
  for (const field of ["repository", "homepage", "bugs", "publishConfig"]) delete out[field];
  for (const group of ["dependencies", "devDependencies"] as const) {
    const deps = out[group];
    if (!deps) continue;
    out[group] = Object.fromEntries(
      Object.entries(deps).map(([name, range]) => {
        if (!range.startsWith("workspace:")) return [name, range];
        const version = versions[name];
        if (!version)
          throw new Error(`package.json ${group}.${name} is ${range}, and this CLI knows no published version of it`);
        return [name, version];
      }),
    );
  }
  const scripts = { ...out.scripts };
  // The repository type-checks tests against its shared tsconfig, which a standalone project lacks.
  delete scripts.typecheck;
  const flavorArg = flavor === "envoy" ? "" : ` --flavor ${flavor}`;
  out.scripts = {
    ...scripts,
    // Rebuilds on every save under src/ and runs the gateway with --watch (gatewasm dev).
    dev: `gatewasm dev -- envoy.yaml --listen 127.0.0.1:10000 --admin 127.0.0.1:9901 --wasm /etc/envoy/main.wasm=build/plugin.wasm${flavorArg}`,
    pack: "gatewasm pack .",
  };
  return out;
}

/** vitest.config.ts: the repository's shared settings, written out (test files, generous timeouts). */
export const VITEST_CONFIG = `import { defineConfig } from "vitest/config";

// Tests run the built .wasm (npm run build first). Integration tests start servers on loopback
// ports and wait for them, so they get generous timeouts on a busy machine.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
`;

export const GITIGNORE = "node_modules/\nbuild/\ndist/\n";
