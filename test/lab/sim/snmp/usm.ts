/**
 * SNMPv3 for the lab's agent: the User-based Security Model (RFC 3414) with one authPriv user,
 * HMAC-SHA-96 and AES-128-CFB (RFC 3826), as the lab router's snmpd is configured. Engine
 * discovery is answered with a Report (usmStatsUnknownEngineIDs); a request of another user, a
 * wrong digest or another engine gets no answer, as an agent that drops it. Written with
 * node:crypto from the RFCs, not with the client's library, so the two can disagree.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { answerPdu, type MibEntry } from './agent.js';
import { TAG, decodeInteger, encodeInteger, encodeOid, readChildren, readTlv, tlv, type Tlv } from './ber.js';

export interface V3User {
  username: string;
  authKey: string;
  privKey: string;
}

const V3 = 3;
const USM = 3;
const FLAG = { auth: 1, priv: 2, reportable: 4 } as const;
const REPORT = 0xa8;
const COUNTER32 = 0x41;
/** usmStatsUnknownEngineIDs.0 (RFC 3414 §5). */
const UNKNOWN_ENGINE_IDS = [1, 3, 6, 1, 6, 3, 15, 1, 1, 4, 0];
const DIGEST_BYTES = 12;
const MAX_MESSAGE = 65_507;

/** RFC 3414 A.2.2: the password stretched over 1 MB and hashed, then localized to the engine. */
function localizedKey(password: string, engineID: Buffer): Buffer {
  const stretched = Buffer.alloc(1_048_576);
  const text = Buffer.from(password, 'utf8');
  for (let at = 0; at < stretched.length; at += text.length) text.copy(stretched, at);
  const ku = createHash('sha1').update(stretched).digest();
  return createHash('sha1').update(Buffer.concat([ku, engineID, ku])).digest();
}

export interface Engine {
  readonly id: Buffer;
  readonly boots: number;
  /** Seconds since the engine started. */
  time(): number;
}

/** RFC 3411 §5 SnmpEngineID, format 4 (text) under enterprise 8072 (net-snmp's, as the lab's snmpd). */
export function labEngine(name: string, started = Date.now()): Engine {
  return { id: Buffer.concat([Buffer.from([0x80, 0x00, 0x1f, 0x88, 0x04]), Buffer.from(name.slice(0, 27))]), boots: 1, time: () => Math.floor((Date.now() - started) / 1000) };
}

interface Keys {
  auth: Buffer;
  priv: Buffer;
}
const keyCache = new Map<string, Keys>();
function keysOf(user: V3User, engine: Engine): Keys {
  const cacheKey = `${user.username}\0${user.authKey}\0${user.privKey}\0${engine.id.toString('hex')}`;
  let keys = keyCache.get(cacheKey);
  if (!keys) {
    keys = { auth: localizedKey(user.authKey, engine.id), priv: localizedKey(user.privKey, engine.id).subarray(0, 16) };
    keyCache.set(cacheKey, keys);
  }
  return keys;
}

const octets = (b: Buffer) => tlv(TAG.octetString, b);
const aesIv = (boots: number, time: number, salt: Buffer) => {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(boots, 0);
  iv.writeUInt32BE(time, 4);
  salt.copy(iv, 8, 0, 8);
  return iv;
};

/** One v3 message with the given flags, security parameters and msgData; the digest, when authenticated, written in place. */
function message(msgID: number, flags: number, engine: Engine, time: number, user: string, privParams: Buffer, msgData: Buffer, authKey?: Buffer): Buffer {
  const security = tlv(TAG.sequence, Buffer.concat([octets(engine.id), encodeInteger(engine.boots), encodeInteger(time), octets(Buffer.from(user)), octets(Buffer.alloc(authKey ? DIGEST_BYTES : 0)), octets(privParams)]));
  const header = tlv(TAG.sequence, Buffer.concat([encodeInteger(msgID), encodeInteger(MAX_MESSAGE), octets(Buffer.from([flags])), encodeInteger(USM)]));
  const whole = tlv(TAG.sequence, Buffer.concat([encodeInteger(V3), header, octets(security), msgData]));
  if (authKey) {
    // The digest field, found by reading the message back: a view into `whole`.
    const digest = securityFields(whole).authParams;
    createHmac('sha1', authKey).update(whole).digest().subarray(0, DIGEST_BYTES).copy(digest);
  }
  return whole;
}

function securityFields(whole: Buffer) {
  const [, , securityTlv] = readChildren(readTlv(whole, 0).value, 4);
  if (!securityTlv || securityTlv.tag !== TAG.octetString) throw new Error('no security parameters');
  const [engineID, boots, time, user, authParams, privParams] = readChildren(readTlv(securityTlv.value, 0).value, 6);
  if (!engineID || !boots || !time || !user || !authParams || !privParams) throw new Error('short security parameters');
  return { engineID: engineID.value, boots: decodeInteger(boots.value), time: decodeInteger(time.value), user: user.value.toString('utf8'), authParams: authParams.value, privParams: privParams.value };
}

/** The request-id of a plaintext scoped PDU's PDU. */
function requestIdOf(pdu: Tlv): Buffer {
  const [id] = readChildren(pdu.value, 4);
  if (!id || id.tag !== TAG.integer) throw new Error('bad PDU');
  return id.value;
}

/**
 * The reply to one SNMPv3 datagram for `user` on `engine`, or null where a real agent would drop
 * it. Throws on a malformed message.
 */
export function respondV3(request: Buffer, user: V3User, engine: Engine, mib: MibEntry[], endless = false): Buffer | null {
  const whole = readTlv(request, 0);
  if (whole.tag !== TAG.sequence) throw new Error('not an SNMP message');
  const [versionTlv, headerTlv, , dataTlv] = readChildren(whole.value, 4);
  if (!versionTlv || !headerTlv || !dataTlv || decodeInteger(versionTlv.value) !== V3) return null;
  const [idTlv, , flagsTlv, modelTlv] = readChildren(headerTlv.value, 4);
  if (!idTlv || !flagsTlv || !modelTlv || decodeInteger(modelTlv.value) !== USM) return null;
  const msgID = decodeInteger(idTlv.value);
  const flags = flagsTlv.value[0] ?? 0;
  const security = securityFields(request);

  if (security.engineID.length === 0) {
    // Discovery: a plaintext request; the Report tells our engine ID, boots and time.
    const [, , pdu] = readChildren(dataTlv.value, 3);
    if (!pdu) throw new Error('short scoped PDU');
    const varbind = tlv(TAG.sequence, Buffer.concat([encodeOid(UNKNOWN_ENGINE_IDS), tlv(COUNTER32, Buffer.from([1]))]));
    const report = tlv(REPORT, Buffer.concat([tlv(TAG.integer, requestIdOf(pdu)), encodeInteger(0), encodeInteger(0), tlv(TAG.sequence, varbind)]));
    return message(msgID, 0, engine, engine.time(), '', Buffer.alloc(0), tlv(TAG.sequence, Buffer.concat([octets(engine.id), octets(Buffer.alloc(0)), report])));
  }
  if (!security.engineID.equals(engine.id) || security.user !== user.username) return null;
  if ((flags & (FLAG.auth | FLAG.priv)) !== (FLAG.auth | FLAG.priv) || security.authParams.length !== DIGEST_BYTES) return null;
  const keys = keysOf(user, engine);
  const claimed = Buffer.from(security.authParams);
  const zeroed = Buffer.from(request);
  securityFields(zeroed).authParams.fill(0);
  if (!createHmac('sha1', keys.auth).update(zeroed).digest().subarray(0, DIGEST_BYTES).equals(claimed)) return null;
  if (dataTlv.tag !== TAG.octetString || security.privParams.length !== 8) return null;

  const decipher = createDecipheriv('aes-128-cfb', keys.priv, aesIv(security.boots, security.time, security.privParams));
  const scoped = Buffer.concat([decipher.update(dataTlv.value), decipher.final()]);
  const [, , pdu] = readChildren(readTlv(scoped, 0).value, 3);
  if (!pdu) throw new Error('short scoped PDU');
  const answer = answerPdu(pdu, 'v2c', mib, endless);
  if (answer === null) return null;
  const reply = (responsePdu: Buffer) => {
    const salt = randomBytes(8);
    // One time for the IV and the message: the client decrypts with the time the message states.
    const time = engine.time();
    const cipher = createCipheriv('aes-128-cfb', keys.priv, aesIv(engine.boots, time, salt));
    const plain = tlv(TAG.sequence, Buffer.concat([octets(engine.id), octets(Buffer.alloc(0)), responsePdu]));
    const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
    return message(msgID, flags & ~FLAG.reportable, engine, time, user.username, salt, octets(encrypted), keys.auth);
  };
  const full = reply(answer.pdu);
  return full.length <= MAX_MESSAGE ? full : reply(answer.tooBig);
}
