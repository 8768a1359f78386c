// One vitest setup for every package, so `.ci/run` can sum the JSON reports that each
// package leaves in `.reports/vitest.json` (kept by turbo's cache with the test task).
import { defineConfig } from "vitest/config";

/**
 * The time a test or a hook may take before vitest calls it hung. Tests must hold on a loaded
 * machine (`.ci/run` runs them beside `stress-ng --cpu 6` on 2 cores, where a step can take 20
 * times as long as on an idle one), so this is a cap against hangs, not a speed claim: no test
 * sets a tighter one, and waits for servers poll their readiness instead of sleeping.
 * Speed is measured by `pnpm bench`, never by a test.
 */
const HANG_CAP_MS = 300_000;

export function packageTestConfig(overrides: { fileParallelism?: boolean } = {}) {
  return defineConfig({
    test: {
      include: ["test/**/*.test.ts"],
      reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
      testTimeout: HANG_CAP_MS,
      hookTimeout: HANG_CAP_MS,
      teardownTimeout: HANG_CAP_MS,
      fileParallelism: overrides.fileParallelism ?? true,
      // A test that is skipped in CI hides a failure: refuse `.only` and count skips in .ci/run.
      allowOnly: false,
    },
  });
}
