import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests that build network namespaces share one kernel neighbour table (about 1,000 entries by
 * default, for all namespaces together) and the machine's two cores: they run one file at a time
 * in the `lab` project, after the unit tests. Everything else runs in parallel in `unit`.
 */
const LAB = [
  'test/e2e/**/*.test.ts',
  'test/integration/**/*.test.ts',
  'test/hardening/**/*.test.ts',
  'test/**/*netns*.test.ts',
  'test/**/*.lab.test.ts',
  'test/lab/tests/network.test.ts',
  'test/lab/tests/sim-namespace.test.ts',
  'test/report/lab-report.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...LAB], sequence: { groupOrder: 0 } },
      },
      // After the unit tests (groupOrder), so that no parallel test competes with a lab for the table.
      { extends: true, test: { name: 'lab', include: LAB, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
