import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Three groups, one after the other (sequence.groupOrder); each runs its files in parallel up to its
 * maxWorkers. What limits the lab tests is not the two cores (they mostly wait: ARP timeouts, probe
 * timeouts, schedules) but the kernel's neighbour table: about 1,000 entries for all namespaces
 * together, counting every address a sweep is resolving (a /24 sweep: up to ~254 for a few seconds).
 *
 *   0  `unit`, with `netns-sweep` beside it: the 1,100-host sweep keeps half the table busy for about
 *      100 s while the unit tests, which make no neighbour entries, use the cores.
 *   1  `lab`: every other lab in its own namespaces and subnets (distinct lab ids), three at a time,
 *      so their sweeps together stay well below the table.
 *   2  `lab-alone`, one file at a time with nothing beside it: site-large (1,000 hosts probed fill the
 *      table alone) and the unprivileged scan, which checks that no file anywhere was written by
 *      `nobody` but its own (the storage test and some unit tests write files as or for nobody).
 *
 * dist/, which the CLI tests run, is built once before any file starts (build-once.ts).
 * `npm test` runs `unit` only (no root needed); `npm run test:all` runs every group.
 */
const NETNS_SWEEP = ['test/discovery/native-netns.test.ts'];
const ALONE = ['test/integration/site-large.test.ts', 'test/hardening/privileges.test.ts'];
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
/** Workers of groups 0 and 1 (a group's projects must share one figure). */
const WORKERS = 3;

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    globalSetup: ['test/helpers/build-once.ts', 'test/helpers/pg-global.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...LAB], maxWorkers: WORKERS, sequence: { groupOrder: 0 } },
      },
      // Sorted before `unit` by name within the group, so it starts first and its wait overlaps the unit tests.
      { extends: true, test: { name: 'netns-sweep', include: NETNS_SWEEP, maxWorkers: WORKERS, sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: { name: 'lab', include: LAB, exclude: [...configDefaults.exclude, ...NETNS_SWEEP, ...ALONE], maxWorkers: WORKERS, sequence: { groupOrder: 1 } },
      },
      { extends: true, test: { name: 'lab-alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 2 } } },
    ],
  },
});
