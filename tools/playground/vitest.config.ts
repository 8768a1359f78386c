import { packageTestConfig } from "../../vitest.shared.ts";

// One browser and one server for the file; its tests run in order on the same page.
export default packageTestConfig();
