// Higress's leader election (PluginContext.DoLeaderElection): every VM (one per worker) tries
// to hold a lease in shared data, key `higress_wasm_vm_lease:<fingerprint>`, value
// `{"vmID":"<uuid>","timestamp":<unix seconds>}`. A VM takes the lease if there is none, renews
// it if it is its own, and takes it over if its holder has not renewed it for more than 60 s;
// every write is a compare-and-swap, so of VMs racing for it exactly one wins.
import { WasmResult } from "../abi/enums";
import { getSharedData, setSharedData } from "../proxywasm/shared-data";
import { getCurrentTimeNanoseconds } from "../proxywasm/time";
import { parseJson } from "../json/value";
import { goJsonString } from "./go-json";
import { pluginLog } from "./log";
import { newUuid } from "./uuid";

/** A lease not renewed for longer than this (seconds) may be taken over. */
const LEASE_EXPIRY_SECONDS: i64 = 60;

let vmId: string | null = null;

/** This VM's id in the lease (Go: a uuid made when the VM starts). */
function leaderVmId(): string {
  let id = vmId;
  if (id === null) vmId = id = newUuid();
  return id;
}

function setLease(key: string, now: i64, cas: u32): bool {
  const lease = '{"vmID":' + goJsonString(leaderVmId()) + ',"timestamp":' + now.toString() + "}";
  const r = setSharedData<string>(key, lease, cas);
  if (r != WasmResult.Ok) {
    pluginLog.error(
      "Failed to set or renew lease: " +
        (r == WasmResult.CasMismatch ? "cas mismatch" : "host result " + (<i32>r).toString()),
    );
    return false;
  }
  return true;
}

/** One election round; true if this VM holds the lease afterwards. */
export function tryAcquireOrRenewLease(fingerPrint: string): bool {
  const key = "higress_wasm_vm_lease:" + fingerPrint; // Go: VMLeaseKeyPrefix + ":" + fingerprint
  const now = getCurrentTimeNanoseconds() / 1_000_000_000;
  const data = getSharedData(key);
  if (data.result == WasmResult.NotFound) return setLease(key, now, data.cas);
  if (data.result != WasmResult.Ok) {
    pluginLog.error("Failed to get lease: host result " + (<i32>data.result).toString());
    return false;
  }
  if (data.value.byteLength == 0) return setLease(key, now, data.cas);
  const lease = parseJson<ArrayBuffer>(data.value);
  if (!lease.isObject() || lease.firstError() !== null) {
    pluginLog.error("Failed to unmarshal lease data: " + data.text());
    return false;
  }
  const holder = lease.child("vmID").string();
  const stamp = lease.child("timestamp").int();
  if (holder == leaderVmId() || now - stamp > LEASE_EXPIRY_SECONDS) return setLease(key, now, data.cas);
  return false;
}
