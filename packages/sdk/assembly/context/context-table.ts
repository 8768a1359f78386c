// Context id -> context object. Envoy hands out ids per VM in sequence (1 for the first root,
// then 2, 3, … for streams) and a VM may hold many streams at once, so this is a small
// open-addressing hash table (linear probing, backward-shift deletion).
//
// It lives in raw memory and keeps its contexts alive by pinning them: under the incremental
// GC every managed store costs a write barrier and a shadow-stack spill, and a std Map of
// contexts cost more than a kilobyte of code in every plugin. A pinned object is a GC root
// until unpinned, which is exactly a context's lifetime (create .. delete).
import { Context } from "./context";

const EMPTY: u32 = 0; // id 0 is the VM context, never stored
const SLOT: usize = 8; // u32 id, u32 object pointer

// @ts-ignore: decorator
@inline function slotOf(id: u32, mask: u32): u32 {
  // An odd multiplier is a bijection modulo 2^k: consecutive ids land in distinct slots.
  return (id * 0x9e3779b1) & mask;
}

let slots: usize = 0;
let mask: u32 = 0;
let count: u32 = 0;

function allocate(capacity: u32): void {
  const bytes = <usize>capacity * SLOT;
  slots = heap.alloc(bytes);
  memory.fill(slots, 0, bytes);
  mask = capacity - 1;
}

/** Finds the slot holding `id`, or the empty slot where it would go. */
function probe(id: u32): usize {
  // The table is never more than half full, so the probe always ends.
  let i = slotOf(id, mask);
  let at = slots + <usize>i * SLOT;
  let k = load<u32>(at);
  while (k != id && k != EMPTY) {
    i = (i + 1) & mask;
    at = slots + <usize>i * SLOT;
    k = load<u32>(at);
  }
  return at;
}

function grow(): void {
  const oldSlots = slots;
  const oldCapacity = mask + 1;
  allocate(oldCapacity << 1);
  for (let i: u32 = 0; i < oldCapacity; i++) {
    const from = oldSlots + <usize>i * SLOT;
    const k = load<u32>(from);
    if (k != EMPTY) {
      const to = probe(k);
      store<u32>(to, k);
      store<u32>(to, load<u32>(from, 4), 4);
    }
  }
  heap.free(oldSlots);
}

export function tableGet(id: u32): Context | null {
  if (id == EMPTY || slots == 0) return null;
  const at = probe(id);
  return load<u32>(at) == id ? changetype<Context>(<usize>load<u32>(at, 4)) : null;
}

export function tableSet(id: u32, context: Context): void {
  if (id == EMPTY) return;
  if (slots == 0) allocate(16);
  else if ((count + 1) * 2 > mask + 1) grow();
  const at = probe(id);
  const ptr = changetype<usize>(context);
  if (load<u32>(at) == id) {
    const old = <usize>load<u32>(at, 4);
    if (old == ptr) return;
    __unpin(old);
  } else {
    store<u32>(at, id);
    count++;
  }
  __pin(ptr);
  store<u32>(at, <u32>ptr, 4);
}

export function tableDelete(id: u32): void {
  if (id == EMPTY || slots == 0) return;
  let hole = probe(id);
  if (load<u32>(hole) != id) return;
  __unpin(<usize>load<u32>(hole, 4));
  count--;
  // Backward shift: pull later entries of the probe run into the hole.
  let i = <u32>((hole - slots) / SLOT);
  let j = i;
  for (;;) {
    j = (j + 1) & mask;
    const at = slots + <usize>j * SLOT;
    const k = load<u32>(at);
    if (k == EMPTY) break;
    const home = slotOf(k, mask);
    const stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (!stays) {
      store<u64>(hole, load<u64>(at));
      hole = at;
      i = j;
    }
  }
  store<u64>(hole, 0);
}
