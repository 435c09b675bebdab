/**
 * A site token holder is still an outside party: a body within the byte limit must not cost the
 * server hundreds of MB. The worst shape is a body of nothing but sighting pairs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_MAX_SIGHTING_PAIRS } from '../../src/sync/protocol.js';
import { encode, fleetServer, makeCert, removeCert, push, siteHistory, type TestCert, type TestFleetServer } from './helpers.js';

describe('sync bounds', () => {
  let cert: TestCert;
  let fleet: TestFleetServer;
  beforeAll(async () => {
    cert = makeCert();
    fleet = await fleetServer(cert, ['alpha']);
  });
  afterAll(async () => {
    await fleet?.close();
    removeCert(cert);
  });

  it('refuses, before checking its schema, a batch whose sightings hold more id pairs than the limit, and writes nothing', async () => {
    const [first] = siteHistory('alpha', 1);
    const pairs = Array.from({ length: BATCH_MAX_SIGHTING_PAIRS + 1 }, (): [number, number] => [1, 1]);
    const batch = { ...first!, seen: [{ scanId: 1, at: first!.seen[0]!.at, devices: pairs }] };
    const body = encode(batch);
    // Within the default body limit: only the pair count refuses it.
    expect(body.length).toBeLessThan(8 * 1024 * 1024);
    const reply = await push(fleet.server.url, cert.cert, fleet.tokens['alpha']!, body, 1);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(/1000001 device id pairs, over the limit of 1000000/);
    const { rows } = await fleet.pool.query('SELECT (SELECT count(*) FROM devices)::int AS devices, (SELECT acked_seq FROM sites)::int AS acked');
    expect(rows[0]).toEqual({ devices: 0, acked: 0 });
  });

  it("then accepts the site's ordinary first batch", async () => {
    const [first] = siteHistory('alpha', 1);
    const reply = await push(fleet.server.url, cert.cert, fleet.tokens['alpha']!, encode(first!), 1);
    expect(reply.status).toBe(200);
  });
});
