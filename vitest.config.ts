import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    globalSetup: ["test/setup/global.ts"],
    reporters: ["default", "./test/setup/summary-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Integration suites share one PostgreSQL server and one Redis; each suite uses its own
    // database schema / key prefix, so files may run in parallel on the 2 cores we have.
    maxWorkers: 2,
  },
});
