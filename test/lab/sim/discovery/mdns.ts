/**
 * mDNS / DNS-SD responder (RFC 6762, RFC 6763) over dns-packet. PTR questions for a device's
 * service types (and the `_services._dns-sd._udp.local` meta-query) get PTR answers with SRV,
 * TXT and A as additionals; SRV/TXT/A questions are answered directly. TTLs are those of the
 * Hikvision captures (fingerprints.md §8): 4500 s for PTR/TXT, 120 s for SRV/A. Replies go to
 * the group, except for QU questions and legacy queries from a port other than 5353 (RFC 6762
 * §5.4, §6.7), which get a unicast reply echoing the query ID and questions. A unicast query from
 * off the link gets no answer (§5.5).
 */
import { randomBytes } from 'node:crypto';
import dnsPacket from 'dns-packet';
import type { SimDevice, UdpProtocol, UdpReply } from '../udp/protocol.js';

export const MDNS_GROUP = '224.0.0.251';
const META = '_services._dns-sd._udp.local';
const TTL_LONG = 4500;
const TTL_SHORT = 120;
const QU_BIT = 0x8000;

type Answer = dnsPacket.Answer;

interface Service {
  type: string;
  instance: string;
  host: string;
  port: number;
  txt: Record<string, string>;
  /** The A record's address. */
  address: string;
}

function servicesOf(device: SimDevice): Service[] {
  return device.mdns.map((s) => ({
    type: `${s.type}.local`,
    instance: `${s.name}.${s.type}.local`,
    host: `${s.host ?? device.hostname ?? device.id}.local`,
    port: s.port,
    txt: s.txt,
    address: s.address ?? device.ip,
  }));
}

function txtData(txt: Record<string, string>): Buffer[] {
  const entries = Object.entries(txt).map(([k, v]) => Buffer.from(`${k}=${v}`, 'utf8'));
  // RFC 6763 §6.1: an empty TXT record holds one empty string.
  return entries.length > 0 ? entries : [Buffer.alloc(0)];
}

function recordsFor(service: Service): { srv: Answer; txt: Answer; a: Answer } {
  return {
    srv: { type: 'SRV', name: service.instance, class: 'IN', flush: true, ttl: TTL_SHORT, data: { target: service.host, port: service.port, priority: 0, weight: 0 } },
    txt: { type: 'TXT', name: service.instance, class: 'IN', flush: true, ttl: TTL_LONG, data: txtData(service.txt) },
    a: { type: 'A', name: service.host, class: 'IN', flush: true, ttl: TTL_SHORT, data: service.address },
  };
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The answers and additionals one question earns from this device. */
export function answersFor(device: SimDevice, name: string, type: string): { answers: Answer[]; additionals: Answer[] } {
  const answers: Answer[] = [];
  const additionals: Answer[] = [];
  const wants = (t: string): boolean => type === t || type === 'ANY';
  for (const service of servicesOf(device)) {
    const records = recordsFor(service);
    if (same(name, META) && wants('PTR')) {
      answers.push({ type: 'PTR', name: META, class: 'IN', ttl: TTL_LONG, data: service.type });
    }
    if (same(name, service.type) && wants('PTR')) {
      answers.push({ type: 'PTR', name: service.type, class: 'IN', ttl: TTL_LONG, data: service.instance });
      additionals.push(records.srv, records.txt, records.a);
    }
    if (same(name, service.instance)) {
      if (wants('SRV')) answers.push(records.srv);
      if (wants('TXT')) answers.push(records.txt);
      if (wants('SRV')) additionals.push(records.a);
    }
    if (same(name, service.host) && wants('A')) answers.push(records.a);
  }
  return { answers: dedupe(answers), additionals: dedupe(additionals.filter((r) => !answers.includes(r))) };
}

function dedupe(records: Answer[]): Answer[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = JSON.stringify([r.type, r.name.toLowerCase(), 'data' in r ? r.data : null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** dns-packet reports a question with the QU bit as class "UNKNOWN_<n>". */
function isQu(question: dnsPacket.Question): boolean {
  const unknown = /^UNKNOWN_(\d+)$/.exec(question.class ?? '');
  return unknown !== null && (Number(unknown[1]) & QU_BIT) !== 0;
}

export function mdnsProtocol(port: number): UdpProtocol {
  return {
    name: 'mdns',
    port,
    groups: [MDNS_GROUP],
    serves: (device) => device.mdns.length > 0 || device.mdnsFlood !== undefined,
    answer(query, device, asker): UdpReply[] {
      const packet = dnsPacket.decode(query);
      if (packet.type !== 'query') return [];
      const questions = packet.questions ?? [];
      // RFC 6762 §5.5: a unicast query from off the link is ignored (Avahi since the CVE-2017-6519 fix).
      if (asker.onLink === false) return [];
      const legacy = asker.port !== port;
      const unicast = legacy || questions.some(isQu);
      if (device.mdnsFlood) return floodAnswers(device, !unicast);
      const answers: Answer[] = [];
      const additionals: Answer[] = [];
      for (const question of questions) {
        const found = answersFor(device, question.name, question.type);
        answers.push(...found.answers);
        additionals.push(...found.additionals);
      }
      if (answers.length === 0) return [];
      const reply = dnsPacket.encode({
        type: 'response',
        id: legacy ? (packet.id ?? 0) : 0,
        flags: dnsPacket.AUTHORITATIVE_ANSWER,
        // Legacy unicast replies repeat the question (RFC 6762 §6.7) and drop cache-flush bits.
        questions: legacy ? questions.map((q) => ({ name: q.name, type: q.type, class: 'IN' as const })) : [],
        answers: legacy ? answers.map(noFlush) : answers,
        additionals: dedupe(legacy ? additionals.map(noFlush) : additionals),
      });
      return [{ payload: reply, multicast: !unicast }];
    },
  };
}

/**
 * A flooder's answer to any query: `answers` responses (to the group, or unicast as an honest answer would go), each with `services` fresh
 * Hikvision-looking _CGI._tcp instances (PTR, SRV, a 200-byte TXT, A of its own address).
 */
export function floodAnswers(device: SimDevice, multicast: boolean): UdpReply[] {
  const flood = device.mdnsFlood;
  if (!flood) return [];
  const host = `${device.hostname ?? device.id}.local`;
  return Array.from({ length: flood.answers }, () => {
    const instances = Array.from({ length: flood.services }, () => `HIKVISION DS-2CD2043G0-I - ${randomBytes(6).toString('hex')}._CGI._tcp.local`);
    const payload = dnsPacket.encode({
      type: 'response',
      flags: dnsPacket.AUTHORITATIVE_ANSWER,
      answers: instances.map((data) => ({ type: 'PTR' as const, name: '_CGI._tcp.local', class: 'IN' as const, ttl: TTL_LONG, data })),
      additionals: [
        ...instances.flatMap((name): Answer[] => [
          { type: 'SRV', name, class: 'IN', ttl: TTL_SHORT, data: { target: host, port: 80, priority: 0, weight: 0 } },
          { type: 'TXT', name, class: 'IN', ttl: TTL_LONG, data: [Buffer.from(`pad=${'x'.repeat(196)}`)] },
        ]),
        { type: 'A', name: host, class: 'IN', ttl: TTL_SHORT, data: device.ip },
      ],
    });
    return { payload, multicast };
  });
}

function noFlush(record: Answer): Answer {
  return { ...record, flush: false } as Answer;
}
