// The plugin's and the VM's configuration bytes (Envoy: `configuration` and
// `vm_config.configuration`). They exist only during on_configure / on_vm_start.
import { BufferType } from "../abi/enums";
import { getBuffer } from "./buffer";

/** The plugin configuration; null outside on_configure. */
export function getPluginConfiguration(): ArrayBuffer | null {
  return getBuffer(BufferType.PluginConfiguration, 0, <u32>i32.MAX_VALUE);
}

/** The VM configuration; null outside on_vm_start. */
export function getVmConfiguration(): ArrayBuffer | null {
  return getBuffer(BufferType.VmConfiguration, 0, <u32>i32.MAX_VALUE);
}
