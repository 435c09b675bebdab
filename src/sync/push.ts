/**
 * Sends the outbox to the fleet server in seq order (protocol.ts) and applies the central decisions
 * its replies carry. A batch leaves the outbox only once the server has acknowledged it; whatever
 * goes wrong, what was not acknowledged stays for the next push, byte for byte.
 */
import { z } from 'zod';
import type { Inventory } from '../inventory/inventory.js';
import { RuntimeError } from '../util/errors.js';
import { plainText } from '../util/safe-text.js';
import { applyDecisions } from './apply-decisions.js';
import { httpRequest, type HttpReply } from './http.js';
import { BATCH_MAX_ROWS, syncReply, type SyncReply } from './protocol.js';

/** A reply as the server sends it: a 409 says why beside the protocol's fields. */
const serverReply = syncReply.extend({ error: z.string().optional() });

export interface FleetEndpoint {
  /** The server's base URL (config fleet.url). */
  readonly url: string;
  readonly token: string;
  readonly ca?: Buffer;
  /** Silence on a connection this long ends the request; default 60 s. */
  readonly timeoutMs?: number;
}

export interface PushReport {
  readonly ok: boolean;
  /** The highest seq the server has acknowledged, as it last said (or as known here). */
  readonly acked: number;
  /** Batches the server took in this push (duplicates included). */
  readonly sent: number;
  readonly duplicates: number;
  /** Batches still in the outbox. */
  readonly waiting: number;
  readonly decisionsApplied: number;
  /** Central decisions this site could not apply (their device is gone): one line each. */
  readonly skippedDecisions: readonly string[];
  /** Why the push stopped; null when it did not. */
  readonly error: string | null;
}

const MAX_REPLY_BYTES = 64 * 1024 * 1024;
/** Out-of-order answers followed in one push before giving up (each one moves to the server's position). */
const MAX_REALIGNS = 3;

class PushStopped extends Error {}

export async function pushOutbox(inventory: Pick<Inventory, 'sync' | 'triage'>, endpoint: FleetEndpoint, now: () => Date = () => new Date()): Promise<PushReport> {
  const sync = inventory.sync;
  let sent = 0;
  let duplicates = 0;
  let decisionsApplied = 0;
  const skippedDecisions: string[] = [];
  let acked = sync.state().ackedSeq;

  const request = (method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, body?: Buffer) => send(endpoint, method, path, headers, body);

  const take = (reply: SyncReply) => {
    const applied = applyDecisions(inventory, reply.decisions, now());
    decisionsApplied += applied.applied;
    skippedDecisions.push(...applied.skipped);
  };

  const finish = (error: string | null): PushReport => {
    const at = now().toISOString();
    if (error === null) sync.recordSuccess(at);
    else sync.recordFailure(error, at);
    return { ok: error === null, acked, sent, duplicates, waiting: sync.outboxSummary().batches, decisionsApplied, skippedDecisions, error };
  };

  try {
    let next = acked + 1;
    let realigns = 0;
    for (let entry = sync.nextBatch(next); entry !== null; entry = sync.nextBatch(next)) {
      let reply: HttpReply;
      try {
        reply = await request('POST', `api/v1/sync/batches?decisionsAfter=${sync.state().decisionsAfter}`, { 'content-type': 'application/json', 'x-lanaudit-seq': String(entry.seq), 'x-lanaudit-sha256': entry.sha256 }, entry.body);
      } catch (err) {
        const error = `batch ${entry.seq} not sent: ${message(err)}; it stays in the outbox for the next push`;
        sync.noteAttempt(entry.seq, error, now().toISOString());
        return finish(error);
      }
      if (reply.status === 200) {
        const body = parseReply(reply, `batch ${entry.seq}`);
        if (body.acked < entry.seq) throw new PushStopped(`the server answered batch ${entry.seq} with 200 but acknowledges only up to ${body.acked}`);
        sync.noteAttempt(entry.seq, null, now().toISOString());
        sync.acknowledge(body.acked);
        acked = body.acked;
        sent += 1;
        if (body.duplicate === true) duplicates += 1;
        take(body);
        next = acked + 1;
        continue;
      }
      if (reply.status === 409) {
        const body = parseReply(reply, `batch ${entry.seq}`);
        if (body.expected === undefined) {
          throw new PushStopped(
            `the server holds another batch ${entry.seq} for this site (its history forked: another agent with this site's token, or a restored inventory); nothing more is sent until an operator resolves it`,
          );
        }
        if (++realigns > MAX_REALIGNS) throw new PushStopped(`the server keeps asking for another position (last: batch ${body.expected}); stopping`);
        // Whatever the server holds leaves the outbox; it wants the next from `expected`.
        sync.acknowledge(body.acked);
        acked = body.acked;
        take(body);
        if (sync.nextBatch(body.expected)?.seq !== body.expected) {
          throw new PushStopped(
            `the server expects batch ${body.expected}, which this site no longer holds (it was acknowledged before: the server lost it, or this is another server); run lanaudit sync --resend-all`,
          );
        }
        next = body.expected;
        continue;
      }
      const error = refusal(reply, entry.seq, entry.body.length);
      sync.noteAttempt(entry.seq, error, now().toISOString());
      return finish(error);
    }

    if (sent === 0) {
      // Nothing to send: one small request for the server's position, which brings central decisions too.
      for (;;) {
        const after = sync.state().decisionsAfter;
        let reply: HttpReply;
        try {
          reply = await request('GET', `api/v1/sync/position?decisionsAfter=${after}`);
        } catch (err) {
          return finish(`the fleet server did not answer: ${message(err)}`);
        }
        if (reply.status !== 200) return finish(refusal(reply, null, 0));
        const body = parseReply(reply, 'position');
        take(body);
        if (body.acked !== acked) {
          const built = sync.state().builtSeq;
          if (body.acked < acked) {
            throw new PushStopped(`the server acknowledges batches up to ${body.acked}, but had acknowledged up to ${acked} before (it lost them, or this is another server); run lanaudit sync --resend-all`);
          }
          if (body.acked > built) throw new PushStopped(`the server acknowledges batches up to ${body.acked}, more than this site ever built (${built}): another agent uses this site's token`);
          sync.acknowledge(body.acked);
          acked = body.acked;
        }
        if (body.decisions.length < BATCH_MAX_ROWS) break;
      }
    }
    return finish(null);
  } catch (err) {
    if (err instanceof PushStopped) return finish(err.message);
    throw err;
  }
}

function send(endpoint: FleetEndpoint, method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<HttpReply> {
  const base = new URL(endpoint.url.endsWith('/') ? endpoint.url : `${endpoint.url}/`);
  return httpRequest({
    method,
    url: new URL(path, base),
    headers: { authorization: `Bearer ${endpoint.token}`, accept: 'application/json', ...headers },
    ...(body ? { body } : {}),
    ...(endpoint.ca ? { ca: endpoint.ca } : {}),
    timeoutMs: endpoint.timeoutMs ?? 60_000,
    maxReplyBytes: MAX_REPLY_BYTES,
  });
}

/** The highest seq the server holds for this site (for sync --resend-all); throws a RuntimeError saying why when it cannot tell. */
export async function serverPosition(endpoint: FleetEndpoint): Promise<number> {
  let reply: HttpReply;
  try {
    reply = await send(endpoint, 'GET', 'api/v1/sync/position?decisionsAfter=0');
  } catch (err) {
    throw new RuntimeError(`the fleet server did not answer: ${message(err)}`);
  }
  if (reply.status !== 200) throw new RuntimeError(refusal(reply, null, 0));
  try {
    return parseReply(reply, 'position').acked;
  } catch (err) {
    throw new RuntimeError(message(err));
  }
}

function parseReply(reply: HttpReply, what: string): SyncReply {
  let json: unknown;
  try {
    json = JSON.parse(reply.body.toString('utf8'));
  } catch {
    throw new PushStopped(`the server's reply to ${what} (HTTP ${reply.status}) is not JSON: ${serverText(reply)}`);
  }
  const parsed = serverReply.safeParse(json);
  if (!parsed.success) throw new PushStopped(`the server's reply to ${what} (HTTP ${reply.status}) does not fit the protocol: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** What a refusal means for this site, in words an operator acts on. */
function refusal(reply: HttpReply, seq: number | null, bytes: number): string {
  const said = serverText(reply);
  const batch = seq === null ? 'the position request' : `batch ${seq}`;
  switch (reply.status) {
    case 401:
      return `the fleet server refused the site token (unknown or revoked) for ${batch}: enroll again (lanaudit server site rotate) and set fleet.token; ${said}`;
    case 403:
      return `the fleet server refused ${batch}: the token belongs to another site than fleet.site; ${said}`;
    case 400:
      return `the fleet server rejected ${batch} as malformed; ${said}`;
    case 503:
      return `the fleet server could not complete ${batch} in time (busy, or its database slow)${seq === null ? '' : '; it stays in the outbox and goes again with the next push'}; ${said}`;
    case 413:
      return `the fleet server refused ${batch} (${bytes} bytes) as too large: this agent's batch limits (BATCH_MAX_BYTES) are above the server's body limit, which must be raised or the agent fixed; ${said}`;
    default:
      return `the fleet server answered HTTP ${reply.status} to ${batch}; ${said}`;
  }
}

/** The server's own words, bounded and made inert. */
function serverText(reply: HttpReply): string {
  const text = reply.body.subarray(0, 2_000).toString('utf8');
  try {
    const json = JSON.parse(text) as { error?: unknown };
    if (typeof json.error === 'string') return `server says: ${plainText(json.error, 300)}`;
  } catch {
    // Not JSON: shown as text.
  }
  return text.trim() === '' ? 'no reason given' : `server says: ${plainText(text, 300)}`;
}

function message(err: unknown): string {
  return plainText(err instanceof Error ? err.message : String(err), 300);
}
