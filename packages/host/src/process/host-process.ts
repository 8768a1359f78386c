// What Envoy keeps once per process rather than per VM: shared data and queues (keyed by
// vm_id, freed when the last VM with that vm_id goes away: cpp-host vm_id_handle.cc) and the
// stats store. A TestHost gets its own, so tests do not see each other's data; a gateway has one.
import { SharedDataStore } from "./shared-data.js";
import { SharedQueueRegistry } from "./shared-queues.js";
import { StatsStore } from "./stats-store.js";

export class HostProcess {
  readonly sharedData = new SharedDataStore();
  readonly sharedQueues = new SharedQueueRegistry();
  readonly stats = new StatsStore();
  private readonly vmIdUsers = new Map<string, number>();

  /** A VM with this vm_id exists; returns the function to call when it is gone. */
  holdVmId(vmId: string): () => void {
    this.vmIdUsers.set(vmId, (this.vmIdUsers.get(vmId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.vmIdUsers.get(vmId) ?? 1) - 1;
      if (n > 0) {
        this.vmIdUsers.set(vmId, n);
        return;
      }
      this.vmIdUsers.delete(vmId);
      this.sharedData.deleteVmId(vmId);
      this.sharedQueues.deleteVmId(vmId);
    };
  }
}
