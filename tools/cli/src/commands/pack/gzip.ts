// gzip (RFC 1952) around deflate *stored* blocks (RFC 1951 §3.2.4): the bytes depend only on the
// input, never on the zlib build or CPU doing the compressing (Node's bundled zlib picks
// CPU-specific match finders, so compressed output may differ between machines). A plugin layer
// is a few kilobytes, so giving up compression costs little and buys a digest anyone can
// reproduce from the same plugin.wasm.
import { crc32 } from "node:zlib";

const MAX_STORED = 0xffff;

export function gzipStored(data: Uint8Array): Buffer {
  // ID1 ID2, CM=deflate, FLG=0, MTIME=0, XFL=0, OS=255 (unknown): no field varies by machine.
  const header = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
  const blocks: Buffer[] = [];
  let offset = 0;
  do {
    const length = Math.min(MAX_STORED, data.length - offset);
    const last = offset + length >= data.length;
    const block = Buffer.alloc(5);
    block[0] = last ? 1 : 0; // BFINAL, BTYPE=00 (stored); the rest of the byte is padding
    block.writeUInt16LE(length, 1);
    block.writeUInt16LE(~length & 0xffff, 3);
    blocks.push(block, Buffer.from(data.subarray(offset, offset + length)));
    offset += length;
  } while (offset < data.length);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data) >>> 0, 0);
  trailer.writeUInt32LE(data.length % 2 ** 32, 4);
  return Buffer.concat([header, ...blocks, trailer]);
}
