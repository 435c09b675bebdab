/**
 * The lab simulator's SNMP agent (test/lab/sim/snmp/agent.ts) served on 127.0.0.1 from a test: one
 * UDP socket, an ephemeral port, every request counted with the time it arrived. Besides the
 * simulator's honest and endless (hostile) modes, it can rewind (answer every walk from the
 * column's first row again, as a looping agent does) or stay silent.
 */
import { createSocket, type Socket } from 'node:dgram';
import { buildMib, respond, type SnmpProfile } from '../lab/sim/snmp/agent.js';
import { TAG, decodeOid, encodeInteger, encodeOid, readChildren, readTlv, tlv } from '../lab/sim/snmp/ber.js';

export type AgentMode = 'honest' | 'endless' | 'rewind' | 'silent';

export interface LoopbackAgent {
  readonly port: number;
  /** Arrival time (ms since epoch) of every datagram received, answered or not. */
  readonly requests: number[];
  close(): Promise<void>;
}

/**
 * The request as a misbehaving agent reads it: each varbind's OID cut to its first `keep` arcs (the
 * walk asked again from the column's start), and max-repetitions replaced by `repetitions`.
 */
function misread(request: Buffer, keep: number, repetitions: number | undefined): Buffer {
  const message = readTlv(request, 0);
  const [version, community, pdu] = readChildren(message.value, 3);
  if (!version || !community || !pdu) throw new Error('short SNMP message');
  const [id, a, b, list] = readChildren(pdu.value, 4);
  if (!id || !a || !b || !list) throw new Error('bad PDU');
  const varbinds = readChildren(list.value).map((vb) => {
    const [name, value] = readChildren(vb.value, 2);
    if (!name || !value) throw new Error('bad varbind');
    const arcs = decodeOid(name.value).slice(0, keep);
    return tlv(TAG.sequence, Buffer.concat([encodeOid(arcs), tlv(value.tag, value.value)]));
  });
  const again = tlv(pdu.tag, Buffer.concat([tlv(id.tag, id.value), tlv(a.tag, a.value), repetitions === undefined ? tlv(b.tag, b.value) : encodeInteger(repetitions), tlv(TAG.sequence, Buffer.concat(varbinds))]));
  return tlv(TAG.sequence, Buffer.concat([tlv(version.tag, version.value), tlv(community.tag, community.value), again]));
}

export interface AgentOptions {
  /** Mode 'rewind': how many arcs of the asked OID name the column (1.3.6.1.2.1.1.5 is 9), so every answer starts it over. */
  readonly rewindTo?: number;
  /** Rows answered per GETBULK whatever max-repetitions asks (the agent still stops at 64 varbinds). */
  readonly repetitions?: number;
  /** Where to listen (default 127.0.0.1 on an ephemeral port): several agents share a port on addresses of 127/8. */
  readonly address?: string;
  readonly port?: number;
}

/** Starts the agent (on 127.0.0.1 unless told); close() it in afterAll or finally. */
export async function startLoopbackAgent(profile: SnmpProfile, mode: AgentMode, options: AgentOptions = {}): Promise<LoopbackAgent> {
  const mib = buildMib(profile);
  const requests: number[] = [];
  const socket: Socket = createSocket('udp4');
  socket.on('message', (query, from) => {
    requests.push(Date.now());
    if (mode === 'silent') return;
    try {
      const asked = mode === 'rewind' || options.repetitions !== undefined
        ? misread(query, mode === 'rewind' ? (options.rewindTo ?? 0) : Number.MAX_SAFE_INTEGER, options.repetitions)
        : query;
      const reply = respond(asked, profile.community, mib, mode === 'endless');
      if (reply) socket.send(reply, from.port, from.address);
    } catch {
      // A malformed request gets no answer, as from the simulator.
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 0, options.address ?? '127.0.0.1', () => resolve());
  });
  return {
    port: socket.address().port,
    requests,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
