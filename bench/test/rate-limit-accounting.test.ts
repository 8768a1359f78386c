// The rate-limit section's arithmetic: admissions counted per Redis window, over-admissions are
// admissions beyond qpm in a window, and fail-open answers (Redis answered after the plugin's
// timeout) are reported apart unless the gateway's log does not explain them.
import { describe, expect, it } from "vitest";
import { accountAdmissions } from "../src/sections/rate-limit.js";

const tally = (admitted: [number, number][], rejected: [number, number][], failOpen: number) => ({
  admitted: new Map(admitted),
  rejected: new Map(rejected),
  failOpen,
});

describe("rate-limit accounting", () => {
  it("exactly qpm per window and every fail-open answer logged: no over-admission", () => {
    const r = accountAdmissions(
      tally(
        [
          [10, 100],
          [11, 100],
          [12, 40],
        ],
        [
          [10, 900],
          [11, 850],
        ],
        23,
      ),
      23,
      100,
      1,
      10,
      12,
    );
    expect(r.overAdmissions).toBe(0);
    expect(r.unexplained).toBe(0);
    expect(r.windows.map((w) => [w.windowStart, w.admitted, w.rejected, w.full])).toEqual([
      [10, 100, 900, true],
      [11, 100, 850, true],
      [12, 40, 0, false],
    ]);
    expect(r.full).toHaveLength(2);
  });

  it("admissions beyond qpm in a window are over-admissions, summed over windows", () => {
    expect(
      accountAdmissions(
        tally(
          [
            [10, 102],
            [11, 101],
          ],
          [],
          0,
        ),
        0,
        100,
        1,
        10,
        12,
      ).overAdmissions,
    ).toBe(3);
  });

  it("a fail-open answer without its log line is an over-admission", () => {
    const r = accountAdmissions(tally([[10, 100]], [[10, 5]], 7), 4, 100, 1, 10, 11);
    expect(r.unexplained).toBe(3);
    expect(r.overAdmissions).toBe(3);
  });
});
