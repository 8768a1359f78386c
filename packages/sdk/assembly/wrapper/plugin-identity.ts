// Which plugin this module is: its name (setCtx) and, under Higress, the plugin id the console
// puts in the configuration as `_plugin_id_`. A module registers exactly one plugin, so these
// are module state.

let name: string = "";
let id: string = "";

export function setPluginName(value: string): void { name = value; }
export function pluginName(): string { return name; }
export function setPluginId(value: string): void { id = value; }
export function pluginId(): string { return id; }
