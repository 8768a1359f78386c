// The names a new plugin is known by, all derived from the one the user gives.

/** Plugin names as Higress spells them (spec.yaml info.name, folder, envoy.yaml filter name). */
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface PluginNames {
  /** my-plugin: folder, spec.yaml info.name, setCtx name, filter name. */
  name: string;
  /** @gatewasm/plugin-my-plugin */
  packageName: string;
  /** My Plugin: spec.yaml info.title, README front matter. */
  title: string;
}

export function checkPluginName(name: string): string | undefined {
  if (!NAME.test(name)) return `"${name}" is not a plugin name: use lower-case letters, digits and single dashes, starting with a letter (e.g. my-plugin)`;
  if (name.length > 50) return `"${name}" is too long: keep plugin names under 50 characters`;
  return undefined;
}

export function pluginNames(name: string): PluginNames {
  const title = name.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join(" ");
  return { name, packageName: `@gatewasm/plugin-${name}`, title };
}
