// UTF-16 (AssemblyScript strings) -> UTF-8 for everything the SDK hands to the host.
// The std encoder carries error-mode branches that abort on unpaired surrogates; this one
// always writes WTF-8 (a lone surrogate becomes its 3-byte form, as the std encoder's default
// mode does) and cannot trap. One loop both counts and writes, to stay small in every plugin.

/** Encodes `s` at `out` and returns the byte count; with `out` 0 it only counts. */
export function utf8Encode(s: string, out: usize): usize {
  const p = changetype<usize>(s);
  const n = (<usize>s.length) << 1;
  let written: usize = 0;
  for (let i: usize = 0; i < n; i += 2) {
    let c = <u32>load<u16>(p + i);
    if (c < 0x80) {
      // header names, most values and numbers: one byte each
      if (out != 0) store<u8>(out + written, <u8>c);
      written++;
      continue;
    }
    if ((c & 0xfc00) == 0xd800 && i + 2 < n) {
      const d = <u32>load<u16>(p + i + 2);
      if ((d & 0xfc00) == 0xdc00) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i += 2;
      }
    }
    const extra: u32 = c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
    if (out != 0) {
      const at = out + written;
      // Lead byte: 110xxxxx, 1110xxxx or 11110xxx; then 10xxxxxx continuation bytes.
      store<u8>(at, <u8>(((0xf00 >> (extra + 1)) & 0xf0) | (c >> (6 * extra))));
      for (let k: u32 = 1; k <= extra; k++) {
        store<u8>(at + k, <u8>(0x80 | ((c >> (6 * (extra - k))) & 0x3f)));
      }
    }
    written += extra + 1;
  }
  return written;
}
