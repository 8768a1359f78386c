// The names a new plugin is known by, all derived from the one the user gives.

/** Plugin names as Higress spells them (spec.yaml info.name, folder, envoy.yaml filter name). */
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface PluginNames {
  /** my-plugin: folder, spec.yaml info.name, setCtx name, filter name. */
  name: string;
  /** @gatewasm/plugin-my-plugin in a checkout, my-plugin in a standalone project */
  packageName: string;
  /** My Plugin: spec.yaml info.title, README front matter. */
  title: string;
}

export function checkPluginName(name: string): string | undefined {
  if (!NAME.test(name))
    return `"${name}" is not a plugin name: use lower-case letters, digits and single dashes, starting with a letter (e.g. my-plugin)`;
  if (name.length > 50) return `"${name}" is too long: keep plugin names under 50 characters`;
  return undefined;
}

/**
 * In a gatewasm checkout the package is @gatewasm/plugin-<name>; a standalone project is the
 * user's own, outside that scope, so its package is named as the plugin.
 */
export function pluginNames(name: string, layout: "workspace" | "standalone" = "workspace"): PluginNames {
  const title = name
    .split("-")
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(" ");
  return { name, packageName: layout === "workspace" ? `@gatewasm/plugin-${name}` : name, title };
}

/** How a sample's name is also written in prose and code: hello world, Hello World, helloWorld, hello_world. */
export function nameVariants(name: string): string[] {
  const words = name.split("-");
  const cap = (w: string) => w[0].toUpperCase() + w.slice(1);
  const variants = [
    name,
    words.join(" "),
    words.join("_"),
    words[0] + words.slice(1).map(cap).join(""),
    words.map(cap).join(""),
  ];
  return [...new Set(variants)];
}
