/**
 * Vitest global setup: one throwaway PostgreSQL cluster for the run (pg-cluster.ts), unless
 * LANAUDIT_TEST_PG names one already (.ci/run starts its own). Test workers inherit the variable.
 * Started on first need would be nicer, but workers cannot share a lazily started process.
 */
import { startCluster, type PgCluster } from './pg-cluster.js';

export default async function pgGlobal(): Promise<(() => void) | undefined> {
  if (process.env['LANAUDIT_TEST_PG']) return undefined;
  const cluster: PgCluster = await startCluster();
  process.env['LANAUDIT_TEST_PG'] = cluster.url;
  return () => cluster.stop();
}
