// The SDK's AssemblyScript sources and build flags, bundled into the page as text. The
// compiler sees them where a plugin's build finds them, node_modules/@gatewasm/sdk/…, so a
// sample's `import … from "@gatewasm/sdk"` resolves exactly as in `asc --target release`.
import sdkPackage from "../../../packages/sdk/package.json";
import baseConfig from "../../../packages/sdk/asconfig.base.json";

const SDK_ROOT = "node_modules/@gatewasm/sdk/";

const raw = {
  ...import.meta.glob<string>("../../../packages/sdk/assembly/**/*.ts", {
    query: "?raw",
    import: "default",
    eager: true,
  }),
  ...import.meta.glob<string>("../../../packages/sdk/index.ts", { query: "?raw", import: "default", eager: true }),
};

/** Virtual path (node_modules/@gatewasm/sdk/…) → source text. */
export const SDK_FILES: ReadonlyMap<string, string> = new Map([
  ...Object.entries(raw).map(
    ([path, text]) => [SDK_ROOT + path.replace(/^(\.\.\/)+packages\/sdk\//, ""), text] as const,
  ),
  [`${SDK_ROOT}package.json`, JSON.stringify(sdkPackage)],
]);

/** packages/sdk/asconfig.base.json's options: the runtime, start export, aliases every plugin build uses. */
export const SDK_BASE_OPTIONS = baseConfig.options;
