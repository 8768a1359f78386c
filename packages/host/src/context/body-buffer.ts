// A body buffer as Envoy's Buffer::Instance is used by the wasm filter: bytes that can be
// appended, prepended, drained and moved from one buffer to another without copying the owner.

export class BodyBuffer {
  private bytes: Uint8Array;

  constructor(data: Uint8Array = new Uint8Array(0)) {
    this.bytes = data;
  }

  get length(): number {
    return this.bytes.length;
  }

  /** The current bytes (a view: copy before keeping them past the next mutation). */
  view(): Uint8Array {
    return this.bytes;
  }

  add(data: Uint8Array): void {
    if (data.length === 0) return;
    this.bytes = this.bytes.length === 0 ? Uint8Array.from(data) : Buffer.concat([this.bytes, data]);
  }

  prepend(data: Uint8Array): void {
    if (data.length === 0) return;
    this.bytes = this.bytes.length === 0 ? Uint8Array.from(data) : Buffer.concat([data, this.bytes]);
  }

  /** Drops the first `n` bytes (all of them if `n` is larger, as Envoy's drain does in release builds). */
  drain(n: number): void {
    this.bytes = n >= this.bytes.length ? new Uint8Array(0) : this.bytes.subarray(n);
  }

  /** Appends every byte of `other` and leaves `other` empty (Envoy's Buffer::move). */
  move(other: BodyBuffer): void {
    if (other === this) return;
    this.add(other.bytes);
    other.bytes = new Uint8Array(0);
  }

  /** Takes the bytes out, leaving the buffer empty. */
  take(): Uint8Array {
    const out = this.bytes;
    this.bytes = new Uint8Array(0);
    return out;
  }
}
