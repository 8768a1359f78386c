// One vitest setup for every package, so `.ci/run` can sum the JSON reports that each
// package leaves in `.reports/vitest.json` (kept by turbo's cache with the test task).
import { defineConfig } from "vitest/config";

export function packageTestConfig(overrides: { testTimeout?: number; fileParallelism?: boolean } = {}) {
  return defineConfig({
    test: {
      include: ["test/**/*.test.ts"],
      reporters: ["default", ["json", { outputFile: ".reports/vitest.json" }]],
      testTimeout: overrides.testTimeout ?? 20_000,
      hookTimeout: 30_000,
      fileParallelism: overrides.fileParallelism ?? true,
      // A test that is skipped in CI hides a failure: refuse `.only` and count skips in .ci/run.
      allowOnly: false,
    },
  });
}
