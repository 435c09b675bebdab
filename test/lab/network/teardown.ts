/**
 * Removing a lab: everything whose namespace starts with `la-<id>-`, whether or not a state file says
 * it exists, so a crashed run is cleaned up too. Processes inside the namespaces go first (recorded
 * simulator pids, then whatever `ip netns pids` finds), since they would keep a deleted namespace alive.
 */
import { labIdOfNamespace, labPrefix, NAMESPACE_PREFIX } from './naming.js';
import { isSimulator, terminate } from './processes.js';
import { ipBatch, listNamespaces, namespacePids } from './run.js';
import { forgetLab, loadState, recordedLabIds } from './state.js';

export interface TeardownReport {
  readonly namespaces: readonly string[];
  readonly processes: number;
}

function recordedSimulators(id: string): number[] {
  try {
    return Object.values(loadState(id)?.simulators ?? {}).filter(isSimulator);
  } catch {
    return []; // a damaged state file must not stop the cleanup; `ip netns pids` still finds them
  }
}

async function removeNamespaces(namespaces: readonly string[], ids: readonly string[]): Promise<TeardownReport> {
  const pids = new Set(ids.flatMap(recordedSimulators));
  for (const list of await Promise.all(namespaces.map(namespacePids))) for (const pid of list) pids.add(pid);
  await terminate([...pids]);
  // One batch for speed; if a namespace vanished meanwhile, the batch stops there, so retry one by one.
  await ipBatch(null, namespaces.map((ns) => `netns del ${ns}`)).catch(async () => {
    for (const ns of namespaces) await ipBatch(null, [`netns del ${ns}`]).catch(() => undefined);
  });
  for (const id of ids) forgetLab(id);
  const left = (await listNamespaces()).filter((ns) => namespaces.includes(ns));
  if (left.length > 0) throw new Error(`could not delete namespaces ${left.join(', ')}`);
  return { namespaces, processes: pids.size };
}

export async function downLab(id: string): Promise<TeardownReport> {
  const prefix = labPrefix(id);
  const namespaces = (await listNamespaces()).filter((ns) => ns.startsWith(prefix));
  return removeNamespaces(namespaces, [id]);
}

/** Every lab: all `la-*` namespaces and every recorded state. */
export async function downAllLabs(): Promise<TeardownReport> {
  const namespaces = (await listNamespaces()).filter((ns) => labIdOfNamespace(ns) !== null);
  const ids = new Set(recordedLabIds());
  for (const ns of namespaces) ids.add(labIdOfNamespace(ns) ?? '');
  ids.delete('');
  return removeNamespaces(namespaces, [...ids]);
}

/** Ids of labs that have namespaces or state (for `status`). */
export async function existingLabIds(): Promise<string[]> {
  const ids = new Set(recordedLabIds());
  for (const ns of await listNamespaces()) {
    if (ns.startsWith(NAMESPACE_PREFIX)) ids.add(labIdOfNamespace(ns) ?? '');
  }
  ids.delete('');
  return [...ids].sort();
}
