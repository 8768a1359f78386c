// What proxy_get_buffer_bytes / proxy_set_buffer_bytes act on (Envoy context.cc Buffer,
// cpp-host BufferBase). Only the HTTP body buffers are writable; every other buffer (plugin and
// VM configuration, call data, callout responses) is a string the plugin can read but not set.
import { WasmResult } from "../abi/enums.js";
import type { BodyBuffer } from "./body-buffer.js";

export interface WasmBuffer {
  size(): number;
  read(start: number, length: number): Uint8Array;
  /** Envoy's copyFrom(start, length, data). */
  write(start: number, length: number, data: Uint8Array): WasmResult;
}

/** A read-only buffer (cpp-host BufferBase::set(string_view)); also the empty buffer Envoy returns for a body outside a body callback. */
export class ConstBuffer implements WasmBuffer {
  constructor(private readonly data: Uint8Array = new Uint8Array(0)) {}
  size(): number {
    return this.data.length;
  }
  read(start: number, length: number): Uint8Array {
    return this.data.subarray(start, start + length);
  }
  write(): WasmResult {
    return WasmResult.BadArgument;
  }
}

/**
 * A live body (Envoy context.cc Buffer::copyFrom over a Buffer::Instance):
 * start 0 drains `length` bytes then prepends `data` (so (0, 0) prepends and (0, size)
 * replaces); start at or past the end appends; anything else is BadArgument.
 */
export class BodyWasmBuffer implements WasmBuffer {
  constructor(private readonly body: BodyBuffer) {}
  size(): number {
    return this.body.length;
  }
  read(start: number, length: number): Uint8Array {
    return this.body.view().subarray(start, start + length);
  }
  write(start: number, length: number, data: Uint8Array): WasmResult {
    if (start === 0) {
      if (length !== 0) this.body.drain(length);
      this.body.prepend(data);
      return WasmResult.Ok;
    }
    if (start >= this.body.length) {
      this.body.add(data);
      return WasmResult.Ok;
    }
    return WasmResult.BadArgument;
  }
}
