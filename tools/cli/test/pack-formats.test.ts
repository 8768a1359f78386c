// The writers under pack/ on their own: gzip with stored blocks past one block's 64 KiB, and
// tar's limits.
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gzipStored } from "../src/commands/pack/gzip.js";
import { tar } from "../src/commands/pack/tar.js";

describe("gzipStored", () => {
  it("round-trips through gunzip for empty input, one block and several blocks", () => {
    for (const size of [0, 1, 65_535, 65_536, 200_001]) {
      const data = Buffer.alloc(size);
      for (let i = 0; i < size; i++) data[i] = (i * 31 + (i >> 8)) & 0xff;
      const gz = gzipStored(data);
      expect(gunzipSync(gz).equals(data)).toBe(true);
      // Header + 5 bytes per 64 KiB block + data + trailer: nothing else varies.
      expect(gz.length).toBe(10 + 5 * Math.max(1, Math.ceil(size / 65_535)) + size + 8);
    }
  });

  it("has no time or OS in its header", () => {
    expect([...gzipStored(Buffer.from("x")).subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  });
});

describe("tar", () => {
  it("pads data to 512-byte blocks and ends with two zero blocks", () => {
    const archive = tar([
      { name: "a.txt", data: Buffer.from("hello") },
      { name: "b.bin", data: Buffer.alloc(512, 1), mode: 0o755 },
    ]);
    expect(archive.length).toBe(512 + 512 + 512 + 512 + 1024);
    expect(archive.subarray(100, 108).toString()).toBe("0000644\0");
    expect(archive.subarray(1024 + 100, 1024 + 108).toString()).toBe("0000755\0");
    expect(archive.subarray(512, 517).toString()).toBe("hello");
    expect(archive.subarray(archive.length - 1024).every((b) => b === 0)).toBe(true);
  });

  it("refuses a name ustar cannot hold", () => {
    expect(() => tar([{ name: "x".repeat(101), data: Buffer.alloc(0) }])).toThrow(/must be 1 to 100 bytes/);
  });
});
