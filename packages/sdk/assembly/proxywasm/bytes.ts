// Bodies and other byte payloads may be given as a string (sent as UTF-8), an ArrayBuffer or a
// Uint8Array; the choice is made at compile time, so a plugin only carries the branch it uses.
import { utf8, newBytes } from "../abi/memory";

/** The bytes of `data`; null gives an empty buffer. */
export function bytesOf<T>(data: T): ArrayBuffer {
  // A literal `null` argument arrives as an integer type.
  if (isInteger<T>() || (isNullable<T>() && changetype<usize>(data) == 0)) return newBytes(0);
  if (isString<T>()) return utf8(changetype<string>(data));
  if (idof<T>() == idof<ArrayBuffer>()) return changetype<ArrayBuffer>(data);
  if (idof<T>() == idof<Uint8Array>()) return changetype<Uint8Array>(data).slice().buffer;
  ERROR("bytes must be a string, ArrayBuffer or Uint8Array");
  return newBytes(0);
}
