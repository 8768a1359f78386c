// A POSIX ustar archive writer for the few regular files an image layer holds. Every field that
// could differ between machines or runs (mtime, owner, names of owner and group) is fixed, so
// the same files give the same bytes: the layer digest is reproducible.

export interface TarEntry {
  name: string;
  data: Uint8Array;
  /** Unix permission bits; 0o644 unless given. */
  mode?: number;
}

const BLOCK = 512;

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, "utf8");
  if (bytes.length > length) throw new Error(`tar: "${value}" does not fit in ${length} bytes`);
  bytes.copy(header, offset);
}

/** An octal number, zero-padded to length - 1 digits and NUL-terminated, as ustar wants. */
function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  const digits = value.toString(8);
  if (digits.length > length - 1) throw new Error(`tar: ${value} does not fit in a ${length}-byte field`);
  writeString(header, offset, length, `${digits.padStart(length - 1, "0")}\0`);
}

function header(entry: TarEntry): Buffer {
  if (entry.name.length === 0 || entry.name.length > 100)
    throw new Error(`tar: entry name "${entry.name}" must be 1 to 100 bytes`);
  const h = Buffer.alloc(BLOCK);
  writeString(h, 0, 100, entry.name);
  writeOctal(h, 100, 8, entry.mode ?? 0o644);
  writeOctal(h, 108, 8, 0); // uid
  writeOctal(h, 116, 8, 0); // gid
  writeOctal(h, 124, 12, entry.data.length);
  writeOctal(h, 136, 12, 0); // mtime: the epoch, for reproducible digests
  h.write("        ", 148, "latin1"); // checksum field counts as spaces while summing
  h.write("0", 156, "latin1"); // regular file
  writeString(h, 257, 6, "ustar\0");
  writeString(h, 263, 2, "00");
  let sum = 0;
  for (const b of h) sum += b;
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, "0")}\0 `);
  return h;
}

/** The archive: each entry's header and data padded to 512 bytes, then two zero blocks. */
export function tar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry), Buffer.from(entry.data));
    const pad = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
