import { mergeConfig } from "vitest/config";
import { packageTestConfig } from "../../vitest.shared.ts";

// The host's tests run AssemblyScript fixtures built once per run (test/support/compile-fixtures.ts).
export default mergeConfig(packageTestConfig(), {
  test: { globalSetup: ["test/support/compile-fixtures.ts"] },
});
