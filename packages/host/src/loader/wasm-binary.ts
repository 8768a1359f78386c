// Reads what linking needs from a .wasm binary: function types, imports (with signatures),
// exports (with signatures) and whether a start section exists. Node's
// WebAssembly.Module.imports() does not report signatures, and Envoy refuses a module whose
// import or export signature differs from the host's, so we read the sections ourselves.

export type ValType = "i32" | "i64" | "f32" | "f64" | "v128" | "funcref" | "externref";

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

export interface MemoryLimits {
  /** Initial size in 64 KiB pages. */
  min: number;
  /** Maximum size in pages, if the module declares one. */
  max?: number;
  /** memory64 or shared memories are outside what the host supports. */
  flags: number;
}

export interface ImportEntry {
  module: string;
  name: string;
  kind: "function" | "table" | "memory" | "global";
  type?: FuncType;
  memory?: MemoryLimits;
}

export interface ExportEntry {
  name: string;
  kind: "function" | "table" | "memory" | "global";
  type?: FuncType;
}

export interface WasmModuleInfo {
  imports: ImportEntry[];
  exports: ExportEntry[];
  hasStartSection: boolean;
  /** The start section's function index (imports first), if there is one. */
  startFunction?: number;
  /** How many functions the module imports: function indices below it are host functions. */
  importedFunctionCount: number;
  /** Where each section's contents sit (id, start, end), for readers that need more (wasm-code.ts). */
  sections: { id: number; start: number; end: number }[];
  /** The module's own memories (memory section), in order. */
  memories: MemoryLimits[];
  /** Where the memory section sits, to rewrite its limits (see capMemoryPages). */
  memorySection?: { start: number; end: number };
  size: number;
}

export class WasmParseError extends Error {}

const VALTYPES: Record<number, ValType> = {
  0x7f: "i32",
  0x7e: "i64",
  0x7d: "f32",
  0x7c: "f64",
  0x7b: "v128",
  0x70: "funcref",
  0x6f: "externref",
};
const KINDS = ["function", "table", "memory", "global"] as const;

export class Reader {
  pos = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly end = bytes.length,
  ) {}
  get done(): boolean {
    return this.pos >= this.end;
  }
  byte(): number {
    if (this.pos >= this.end) throw new WasmParseError("unexpected end of section");
    return this.bytes[this.pos++];
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
      if (shift > 35) throw new WasmParseError("LEB128 too long");
    }
    return result;
  }
  /** Skips a LEB128 number of any width (signed or not) without decoding it. */
  skipLeb(): void {
    for (let n = 0; this.byte() & 0x80; n++) if (n > 10) throw new WasmParseError("LEB128 too long");
  }
  skip(n: number): void {
    if (this.pos + n > this.end) throw new WasmParseError("unexpected end of section");
    this.pos += n;
  }
  name(): string {
    const len = this.u32();
    if (this.pos + len > this.end) throw new WasmParseError("name runs past the section");
    const s = Buffer.from(this.bytes.subarray(this.pos, this.pos + len)).toString("utf8");
    this.pos += len;
    return s;
  }
  valtype(): ValType {
    const b = this.byte();
    const t = VALTYPES[b];
    if (!t) throw new WasmParseError(`unknown value type 0x${b.toString(16)}`);
    return t;
  }
  limits(): MemoryLimits {
    const flags = this.byte();
    const min = this.u32();
    const max = flags & 1 ? this.u32() : undefined;
    return { min, max, flags };
  }
}

export function readWasmModule(bytes: Uint8Array): WasmModuleInfo {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new WasmParseError("not a WebAssembly binary (bad magic)");
  }
  const types: FuncType[] = [];
  const imports: ImportEntry[] = [];
  const exportsRaw: { name: string; kind: ExportEntry["kind"]; index: number }[] = [];
  const funcTypeIndices: number[] = []; // function index space: imports first, then defined
  let hasStartSection = false;
  let startFunction: number | undefined;
  let importedFunctionCount = 0;
  const sections: { id: number; start: number; end: number }[] = [];
  const memories: MemoryLimits[] = [];
  let memorySection: { start: number; end: number } | undefined;

  const top = new Reader(bytes);
  top.pos = 8;
  while (!top.done) {
    const id = top.byte();
    const size = top.u32();
    const start = top.pos;
    if (start + size > bytes.length) throw new WasmParseError(`section ${id} runs past the end`);
    const r = new Reader(bytes, start + size);
    r.pos = start;
    sections.push({ id, start, end: start + size });
    switch (id) {
      case 1: {
        // type
        for (let n = r.u32(); n > 0; n--) {
          const form = r.byte();
          if (form !== 0x60) throw new WasmParseError("unsupported type form");
          const params: ValType[] = [];
          for (let p = r.u32(); p > 0; p--) params.push(r.valtype());
          const results: ValType[] = [];
          for (let q = r.u32(); q > 0; q--) results.push(r.valtype());
          types.push({ params, results });
        }
        break;
      }
      case 2: {
        // import
        for (let n = r.u32(); n > 0; n--) {
          const module = r.name();
          const name = r.name();
          const kind = r.byte();
          if (kind === 0) {
            const ti = r.u32();
            imports.push({ module, name, kind: "function", type: types[ti] });
            funcTypeIndices.push(ti);
            importedFunctionCount++;
          } else if (kind === 1) {
            r.byte();
            r.limits();
            imports.push({ module, name, kind: "table" });
          } else if (kind === 2) {
            imports.push({ module, name, kind: "memory", memory: r.limits() });
          } else if (kind === 3) {
            r.valtype();
            r.byte();
            imports.push({ module, name, kind: "global" });
          } else throw new WasmParseError(`unknown import kind ${kind}`);
        }
        break;
      }
      case 3: {
        // function
        for (let n = r.u32(); n > 0; n--) funcTypeIndices.push(r.u32());
        break;
      }
      case 5: {
        // memory
        memorySection = { start, end: start + size };
        for (let n = r.u32(); n > 0; n--) memories.push(r.limits());
        break;
      }
      case 7: {
        // export
        for (let n = r.u32(); n > 0; n--) {
          const name = r.name();
          const kind = r.byte();
          const index = r.u32();
          if (kind > 3) throw new WasmParseError(`unknown export kind ${kind}`);
          exportsRaw.push({ name, kind: KINDS[kind], index });
        }
        break;
      }
      case 8:
        hasStartSection = true;
        startFunction = r.u32();
        break;
      default:
        break;
    }
    top.pos = start + size;
  }

  const exports: ExportEntry[] = exportsRaw.map((e) =>
    e.kind === "function"
      ? { name: e.name, kind: e.kind, type: types[funcTypeIndices[e.index]] }
      : { name: e.name, kind: e.kind },
  );
  return {
    imports,
    exports,
    hasStartSection,
    startFunction,
    importedFunctionCount,
    sections,
    memories,
    memorySection,
    size: bytes.length,
  };
}

/** Envoy's way of printing a signature: "i32 i32 -> i32", "void" for none. */
export function printValTypes(types: readonly ValType[]): string {
  return types.length === 0 ? "void" : types.join(" ");
}
