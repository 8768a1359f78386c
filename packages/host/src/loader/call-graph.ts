// Which functions call which, read from a module's code section: direct `call`s, whether a
// function calls through a table (`call_indirect`), and every function whose address is taken
// (element segments, `ref.func`), which an indirect call may reach. The loader uses it to ask
// what a start function can reach before the host has a context (start-reach.ts).
import { Reader, type WasmModuleInfo, WasmParseError } from "./wasm-binary.js";

interface CallGraph {
  /** Direct callees of each defined function, by function index (imports first). */
  calls: Map<number, Set<number>>;
  /**
   * Callees called only as `call f; unreachable`: an abort path (AssemblyScript's `abort` on a
   * failed allocation or assertion), which runs only when the module is already failing.
   */
  abortCalls: Map<number, Set<number>>;
  /** Defined functions that call through a table. */
  indirectCallers: Set<number>;
  /** Functions an indirect call may land on: in element segments, or named by ref.func. */
  addressTaken: Set<number>;
}

const BLOCK_TYPE_BYTES = new Set([0x40, 0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);

/** Reads one instruction's immediates, recording calls; returns the opcode. */
function instruction(
  r: Reader,
  onCall: (callee: number) => void,
  onIndirect: () => void,
  onRefFunc: (f: number) => void,
): number {
  const op = r.byte();
  switch (op) {
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x06: {
      // block, loop, if, try: a block type
      const save = r.pos;
      if (!BLOCK_TYPE_BYTES.has(r.byte())) {
        r.pos = save;
        r.skipLeb(); // a type index (s33)
      }
      return op;
    }
    case 0x0c:
    case 0x0d:
    case 0x07:
    case 0x08:
    case 0x09:
    case 0x18: // br, br_if, catch, throw, rethrow, delegate
      r.u32();
      return op;
    case 0x0e: // br_table
      for (let n = r.u32(); n > 0; n--) r.u32();
      r.u32();
      return op;
    case 0x10:
    case 0x12: // call, return_call
      onCall(r.u32());
      return op;
    case 0x11:
    case 0x13: // call_indirect, return_call_indirect
      r.u32();
      r.u32();
      onIndirect();
      return op;
    case 0x1c: // select with types
      for (let n = r.u32(); n > 0; n--) r.byte();
      return op;
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x23:
    case 0x24:
    case 0x25:
    case 0x26: // locals, globals, table.get/set
      r.u32();
      return op;
    case 0x3f:
    case 0x40: // memory.size, memory.grow
      r.u32();
      return op;
    case 0x41:
    case 0x42: // i32.const, i64.const
      r.skipLeb();
      return op;
    case 0x43:
      r.skip(4);
      return op;
    case 0x44:
      r.skip(8);
      return op;
    case 0xd0: // ref.null
      r.byte();
      return op;
    case 0xd2: // ref.func
      onRefFunc(r.u32());
      return op;
    case 0xfc:
      miscPrefixed(r);
      return op;
    case 0xfd:
      simdPrefixed(r);
      return op;
    case 0xfe: {
      // atomics: fence has one byte, the rest a memarg
      const sub = r.u32();
      if (sub === 0x03) r.byte();
      else {
        r.u32();
        r.u32();
      }
      return op;
    }
    default:
      if (op >= 0x28 && op <= 0x3e) {
        // loads and stores: memarg
        r.u32();
        r.u32();
        return op;
      }
      // Everything else left in the MVP and its extensions has no immediates.
      if (
        op <= 0x01 ||
        op === 0x05 ||
        op === 0x0b ||
        op === 0x0f ||
        op === 0x19 ||
        op === 0x1a ||
        op === 0x1b ||
        (op >= 0x45 && op <= 0xc4) ||
        op === 0xd1
      )
        return op;
      throw new WasmParseError(`unknown opcode 0x${op.toString(16)}`);
  }
}

function miscPrefixed(r: Reader): void {
  const sub = r.u32();
  if (sub <= 7) return; // saturating truncations
  if (sub === 8) {
    r.u32();
    r.byte();
    return;
  } // memory.init
  if (sub === 10) {
    r.byte();
    r.byte();
    return;
  } // memory.copy
  if (sub === 11) {
    r.byte();
    return;
  } // memory.fill
  if (sub === 12 || sub === 14) {
    r.u32();
    r.u32();
    return;
  } // table.init, table.copy
  if (sub === 9 || sub === 13 || (sub >= 15 && sub <= 17)) {
    r.u32();
    return;
  } // data.drop, elem.drop, table.grow/size/fill
  throw new WasmParseError(`unknown 0xfc opcode ${sub}`);
}

function simdPrefixed(r: Reader): void {
  const sub = r.u32();
  if (sub <= 11 || sub === 92 || sub === 93) {
    r.u32();
    r.u32();
    return;
  } // loads, stores: memarg
  if (sub === 12 || sub === 13) {
    r.skip(16);
    return;
  } // v128.const, i8x16.shuffle
  if (sub >= 21 && sub <= 34) {
    r.byte();
    return;
  } // extract/replace lane
  if (sub >= 84 && sub <= 91) {
    r.u32();
    r.u32();
    r.byte();
    return;
  } // load/store lane
}

/** A constant expression (offsets, element items, global initialisers), up to its `end`. */
function constExpr(r: Reader, onRefFunc: (f: number) => void): void {
  const ignore = () => undefined;
  while (instruction(r, ignore, ignore, onRefFunc) !== 0x0b);
}

function elementSection(r: Reader, taken: Set<number>): void {
  const add = (f: number) => taken.add(f);
  for (let n = r.u32(); n > 0; n--) {
    const flags = r.u32();
    if (flags > 7) throw new WasmParseError(`unknown element segment kind ${flags}`);
    const explicitTable = (flags & 2) !== 0 && (flags & 1) === 0;
    const active = (flags & 1) === 0;
    if (explicitTable) r.u32();
    if (active) constExpr(r, add);
    if (flags & 4) {
      // items are expressions
      if (flags & 3) r.byte(); // reftype
      for (let k = r.u32(); k > 0; k--) constExpr(r, add);
    } else {
      if (flags & 3) r.byte(); // elemkind
      for (let k = r.u32(); k > 0; k--) taken.add(r.u32());
    }
  }
}

function globalSection(r: Reader, taken: Set<number>): void {
  for (let n = r.u32(); n > 0; n--) {
    r.valtype();
    r.byte();
    constExpr(r, (f) => taken.add(f));
  }
}

/** Reads the call graph; throws WasmParseError on code it cannot decode. */
export function readCallGraph(bytes: Uint8Array, info: WasmModuleInfo): CallGraph {
  const graph: CallGraph = {
    calls: new Map(),
    abortCalls: new Map(),
    indirectCallers: new Set(),
    addressTaken: new Set(),
  };
  for (const section of info.sections) {
    const r = new Reader(bytes, section.end);
    r.pos = section.start;
    if (section.id === 9) elementSection(r, graph.addressTaken);
    else if (section.id === 6) globalSection(r, graph.addressTaken);
    else if (section.id === 10) {
      let index = info.importedFunctionCount;
      for (let n = r.u32(); n > 0; n--, index++) {
        const size = r.u32();
        const end = r.pos + size;
        const body = new Reader(bytes, end);
        body.pos = r.pos;
        for (let groups = body.u32(); groups > 0; groups--) {
          body.u32();
          body.valtype();
        }
        const callees = new Set<number>();
        const aborts = new Set<number>();
        const self = index;
        let lastCall = -1;
        while (body.pos < end) {
          let called = -1;
          const op = instruction(
            body,
            (c) => (called = c),
            () => graph.indirectCallers.add(self),
            (f) => graph.addressTaken.add(f),
          );
          // A call counts as an abort path only when `unreachable` follows it directly.
          if (lastCall >= 0) (op === 0x00 ? aborts : callees).add(lastCall);
          lastCall = op === 0x10 ? called : -1;
          if (op === 0x12) callees.add(called); // return_call: nothing follows it
        }
        if (lastCall >= 0) callees.add(lastCall);
        for (const c of callees) aborts.delete(c);
        graph.calls.set(index, callees);
        graph.abortCalls.set(index, aborts);
        r.pos = end;
      }
    }
  }
  return graph;
}
