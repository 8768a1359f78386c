import { describe, expect, it } from "vitest";
import { decodePairs, encodePairs } from "../src/internal.js";

describe("header pairs codec (pairs_util.cc)", () => {
  it("round-trips pairs, including UTF-8 and empty values", () => {
    const pairs: [string, string][] = [
      [":path", "/get"],
      ["x-empty", ""],
      ["x-utf8", "héllo €"],
    ];
    expect(decodePairs(encodePairs(pairs))).toEqual(pairs);
  });

  it("lays bytes out as count, lengths, then NUL-terminated strings", () => {
    const bytes = encodePairs([["a", "bc"]]);
    expect(Array.from(bytes)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 97, 0, 98, 99, 0]);
  });

  it("treats malformed input as an empty map, as Envoy does", () => {
    const good = encodePairs([["a", "b"]]);
    const noNul = Uint8Array.from(good);
    noNul[noNul.length - 1] = 65;
    expect(decodePairs(noNul)).toEqual([]);
    expect(decodePairs(Uint8Array.from([...good, 0]))).toEqual([]); // trailing byte
    expect(decodePairs(good.subarray(0, good.length - 1))).toEqual([]); // truncated
    const tooMany = new Uint8Array(4);
    new DataView(tooMany.buffer).setUint32(0, 1025, true);
    expect(decodePairs(tooMany)).toEqual([]);
  });
});
