/**
 * Bounded reads of an SNMP agent's tables over net-snmp: v2c or v3 (authPriv) sessions, each
 * column walked with GETBULK, and the few requests that ask a device which one it is
 * (`identityRequests`, for observations/snmp-identity.ts). Every walk ends: at the column's end, at `maxRows` rows, at the
 * device's deadline, at the scan's abort, or at the first reply whose OIDs do not increase (an
 * agent that loops). Every request waits for the scan's rate bucket. Credentials stay in the
 * session: no message built here names them.
 */
import snmp from 'net-snmp';
import { createV3Session, AuthProtocols, PrivProtocols, ResponseInvalidCode, SecurityLevel, type Session, type Varbind } from 'net-snmp';
import { BULK_ROWS } from '../observations/snmp-entity.js';
import type { SnmpReply, SnmpRequests } from '../observations/snmp-identity.js';
import { MAX_NAME_LENGTH } from './decode-tables.js';
import type { Cell } from './mib.js';

export type Credentials =
  | { readonly version: '2c'; readonly community: string }
  | {
      readonly version: '3';
      readonly username: string;
      readonly authProtocol: 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
      readonly authKey: string;
      readonly privProtocol: 'aes' | 'aes256b' | 'aes256r';
      readonly privKey: string;
    };

export interface WalkBounds {
  /** GETBULK max-repetitions: rows asked per request. */
  readonly maxRepetitions: number;
  /** Rows kept per column; a longer column is cut there (and said so). */
  readonly maxRows: number;
  /** Epoch ms after which no request starts for this device. */
  readonly deadline: number;
  /** Per request. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  /** The scan's --rate bucket. */
  readonly pace?: () => Promise<void>;
  readonly port?: number;
}

export interface ColumnRead {
  readonly cells: Cell[];
  /** Why the walk stopped before the column's end, if it did: for a warning, never with credentials. */
  readonly cut?: string;
}

export function openSession(address: string, credentials: Credentials, bounds: Pick<WalkBounds, 'timeoutMs' | 'port'>): Session {
  const options = {
    port: bounds.port ?? 161,
    // net-snmp's own retry would send unpaced: walkColumn retries through the --rate bucket.
    retries: 0,
    timeout: Math.max(1, Math.ceil(bounds.timeoutMs / 2)),
    transport: 'udp4' as const,
    backwardsGetNexts: false,
    reportOidMismatchErrors: false,
  };
  const session =
    credentials.version === '2c'
      ? snmp.createSession(address, credentials.community, { ...options, version: snmp.Version2c })
      : createV3Session(
          address,
          {
            name: credentials.username,
            level: SecurityLevel.authPriv,
            authProtocol: AuthProtocols[credentials.authProtocol],
            authKey: credentials.authKey,
            privProtocol: PrivProtocols[credentials.privProtocol],
            privKey: credentials.privKey,
          },
          options,
        );
  // A reply net-snmp cannot decode arrives as a session error; unheard, it would end the process.
  session.on('error', () => undefined);
  return session;
}

const EXCEPTION_TYPES = new Set([128, 129, 130]);
/** Bytes of a value kept: all the decoders read (a name's first MAX_NAME_LENGTH characters; a MAC is 6). */
const MAX_VALUE_BYTES = MAX_NAME_LENGTH * 4;

/** A value as kept: bytes copied and bounded, since net-snmp's are slices that hold the whole reply alive. */
function kept(value: unknown): unknown {
  return Buffer.isBuffer(value) ? Buffer.from(value.subarray(0, MAX_VALUE_BYTES)) : value;
}
const LOOP = 'agent repeated or went back in the table';

function arcsAfter(base: string, oid: string): number[] | null {
  if (!oid.startsWith(`${base}.`)) return null;
  const arcs = oid.slice(base.length + 1).split('.').map(Number);
  return arcs.every((n) => Number.isSafeInteger(n) && n >= 0) ? arcs : null;
}

function compareArcs(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
}

function bulk(session: Session, oid: string, maxRepetitions: number, signal: AbortSignal): Promise<readonly Varbind[]> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new Error('scan stopped'));
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      session.getBulk([oid], 0, maxRepetitions, (error, varbinds) => {
        signal.removeEventListener('abort', onAbort);
        if (error) return reject(error);
        const column = varbinds?.[0];
        resolve(Array.isArray(column) ? (column as readonly Varbind[]) : []);
      });
    } catch (error) {
      signal.removeEventListener('abort', onAbort);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** Walks one column (a subtree) with GETBULK within the bounds. Never rejects: a failure is a `cut`. */
export async function walkColumn(session: Session, column: string, bounds: WalkBounds): Promise<ColumnRead> {
  const cells: Cell[] = [];
  let cursor = column;
  let last: number[] = [];
  // A request that timed out is asked once more (the retry net-snmp would make), after its own token.
  let retried = false;
  for (;;) {
    if (bounds.signal.aborted) return { cells, cut: 'scan stopped' };
    if (Date.now() >= bounds.deadline) return { cells, cut: 'device time limit reached' };
    try {
      await bounds.pace?.();
      const want = Math.max(1, Math.min(bounds.maxRepetitions, bounds.maxRows - cells.length));
      const varbinds = await bulk(session, cursor, want, bounds.signal);
      retried = false;
      if (varbinds.length === 0) return { cells };
      for (const vb of varbinds) {
        if (EXCEPTION_TYPES.has(vb.type)) return { cells };
        const index = typeof vb.oid === 'string' ? arcsAfter(column, vb.oid) : null;
        if (index === null) return { cells }; // past the column: done
        if (cells.length && compareArcs(index, last) <= 0) return { cells, cut: LOOP };
        cells.push({ index, type: vb.type, value: kept(vb.value) });
        last = index;
        cursor = vb.oid;
        if (cells.length >= bounds.maxRows) return { cells, cut: `table longer than ${bounds.maxRows} rows` };
      }
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'RequestTimedOutError' && !retried) {
        retried = true;
        continue;
      }
      if (name === 'RequestTimedOutError') return { cells, cut: cells.length ? 'agent stopped answering' : 'no answer' };
      // net-snmp refuses a reply whose OIDs do not follow the request's (backwardsGetNexts: false): the same loop.
      if (name === 'ResponseInvalidError' && (error as { code?: unknown }).code === ResponseInvalidCode.EOutOfOrder) return { cells, cut: LOOP };
      if (bounds.signal.aborted) return { cells, cut: 'scan stopped' };
      // net-snmp's messages name OIDs and codes, never the community or keys.
      return { cells, cut: `unreadable reply (${error instanceof Error ? error.message.slice(0, 120) : 'error'})` };
    }
  }
}

type Call = (done: (error: Error | null, varbinds?: readonly unknown[]) => void) => void;

/** One request on the session, ended by the scan's abort too. */
function once(call: Call, signal: AbortSignal): Promise<SnmpReply> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (reply: SnmpReply) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      resolve(reply);
    };
    const onAbort = () => settle({ kind: 'silent' });
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      call((error, varbinds) => {
        if (!error) settle({ kind: 'answer', varbinds: varbinds ?? [] });
        else if (error.name === 'RequestTimedOutError') settle({ kind: 'silent' });
        else if (error.name === 'RequestFailedError') settle({ kind: 'refused' });
        // net-snmp's messages name OIDs and codes, never the community or keys.
        else settle({ kind: 'unreadable', why: error.message.slice(0, 120) });
      });
    } catch (error) {
      settle({ kind: 'unreadable', why: error instanceof Error ? error.message.slice(0, 120) : 'error' });
    }
  });
}

/**
 * GET and GETBULK on an open session for the identity reads: each request waits for the scan's
 * rate bucket, a silent one is asked once more (the retry net-snmp would make), none starts past
 * the device's deadline or the scan's abort. Never rejects.
 */
export function identityRequests(session: Session, bounds: WalkBounds): SnmpRequests {
  const ask = async (call: Call): Promise<SnmpReply> => {
    let reply: SnmpReply = { kind: 'silent' };
    for (let attempt = 0; attempt < 2 && reply.kind === 'silent'; attempt++) {
      if (bounds.signal.aborted || Date.now() >= bounds.deadline) break;
      await bounds.pace?.();
      reply = await once(call, bounds.signal);
    }
    return reply;
  };
  return {
    get: (oids) => ask((done) => session.get(oids, done)),
    bulkAfter: (oid) =>
      ask((done) =>
        session.getBulk([oid], 0, BULK_ROWS, (error, varbinds) => {
          const rows = varbinds?.[0];
          done(error, Array.isArray(rows) ? (rows as readonly unknown[]) : []);
        }),
      ),
  };
}

export function closeSession(session: Session): void {
  try {
    session.close();
  } catch {
    // Already closed.
  }
}
