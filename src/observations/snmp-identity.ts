/**
 * The requests that ask a host which device it is, after it answered its system group: the
 * chassis row of ENTITY-MIB (at most MAX_BULK_REQUESTS GETBULKs and one GET) and, when its
 * sysObjectID falls under a maker's arc, that maker's objects (one GET): at most four requests.
 * Shared by the SNMP probe (v2c) and the infrastructure reads (v3), which differ only in how a
 * request is sent (`SnmpRequests`).
 */
import { chassisFacts, chassisOids, classStep, ENT_PHYSICAL_CLASS, MAX_BULK_REQUESTS } from './snmp-entity.js';
import { shown, type SnmpFact } from './snmp-system.js';
import { vendorFacts, vendorObjectsFor, type VendorObjects } from './snmp-vendor-objects.js';

export type SnmpReply =
  | { readonly kind: 'answer'; readonly varbinds: readonly unknown[] }
  /** No answer within the request's time (an agent without the MIB may not answer at all). */
  | { readonly kind: 'silent' }
  /** A well-formed reply whose error-status says no (genErr, noSuchName, tooBig …). */
  | { readonly kind: 'refused' }
  /** A reply that could not be read. */
  | { readonly kind: 'unreadable'; readonly why: string };

/** One request datagram each (paced and retried as the stage does), to one host with its credentials. */
export interface SnmpRequests {
  get(oids: readonly string[]): Promise<SnmpReply>;
  /** GETBULK of one column after `oid`: the reply's rows of it. */
  bulkAfter(oid: string): Promise<SnmpReply>;
}

const unreadable = (what: string, why: string): SnmpFact => ({ kind: 'malformed', value: `${what}: unreadable reply: ${shown(why, 200)}` });

/**
 * The chassis row: entPhysicalClass walked after the last row read, at most MAX_BULK_REQUESTS
 * times, then one GET of the chassis's columns. Silence or a refusal is no fact; a garbled reply is recorded.
 */
export async function readChassis(requests: SnmpRequests): Promise<SnmpFact[]> {
  const malformed = (why: string): SnmpFact[] => [{ kind: 'malformed', value: `entPhysicalTable: ${why}` }];
  let cursor = ENT_PHYSICAL_CLASS;
  for (let request = 0; request < MAX_BULK_REQUESTS; request++) {
    const reply = await requests.bulkAfter(cursor);
    if (reply.kind === 'silent' || reply.kind === 'refused') return [];
    if (reply.kind === 'unreadable') return [unreadable('entPhysicalTable', reply.why)];
    const step = classStep(reply.varbinds, cursor);
    if (step.kind === 'end') return [];
    if (step.kind === 'malformed') return malformed(step.why);
    if (step.kind === 'chassis') {
      const row = await requests.get(chassisOids(step.index));
      if (row.kind === 'unreadable') return [unreadable('entPhysicalTable', row.why)];
      return row.kind === 'answer' ? chassisFacts(row.varbinds, step.index) : [];
    }
    cursor = step.cursor;
  }
  return [];
}

/** The maker's own objects for the arc `sysObjectID` falls under, in one GET; none asked for other hosts. */
export async function readVendorObjects(requests: SnmpRequests, sysObjectID: string | null, table?: VendorObjects): Promise<SnmpFact[]> {
  const objects = vendorObjectsFor(sysObjectID, table);
  if (objects.length === 0) return [];
  const reply = await requests.get(objects.map((o) => o.oid));
  if (reply.kind === 'unreadable') return [unreadable('vendor objects', reply.why)];
  return reply.kind === 'answer' ? vendorFacts(reply.varbinds, objects) : [];
}

/** What a host that answered its system group says it is: its chassis row, then its maker's objects. */
export async function readIdentity(requests: SnmpRequests, sysObjectID: string | null, table?: VendorObjects): Promise<SnmpFact[]> {
  return [...(await readChassis(requests)), ...(await readVendorObjects(requests, sysObjectID, table))];
}
