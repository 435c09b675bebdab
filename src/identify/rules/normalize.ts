/**
 * What a rule's pattern is matched against: the observation's value with surrounding space
 * trimmed and, for realm kinds, the realm itself when a probe stored the whole
 * WWW-Authenticate header (`Digest realm="IP Camera(C2183)", nonce=…` → `IP Camera(C2183)`),
 * and for sysObjectID the numeric form without a leading dot (`.1.3.6…`, `iso.3.6…` → `1.3.6…`), also
 * when a tool wrote the enterprises arc by its MIB name (`SNMPv2-SMI::enterprises.2011…`, net-snmp's
 * default output, or `OID: enterprises.2011…`) → `1.3.6.1.4.1.2011…`.
 */
import type { ObservationKind } from '../../observations/observation.js';

const AUTH_SCHEME = /^(?:basic|digest)\b/i;
const QUOTED_REALM = /\brealm="([^"]*)"/i;
const BARE_REALM = /\brealm=([^,\s]+)/i;

function realmOf(text: string): string {
  if (!AUTH_SCHEME.test(text)) return text;
  const found = QUOTED_REALM.exec(text) ?? BARE_REALM.exec(text);
  return found?.[1] ?? text;
}

// net-snmp prints `OID: SNMPv2-SMI::enterprises.N` (or `iso.org.dod.internet.private.enterprises.N` with -Of).
const TYPE_LABEL = /^OID:\s*/i;
const ENTERPRISES_BY_NAME = /^(?:SNMPv2-SMI::|RFC1155-SMI::)?(?:\.?iso\.org\.dod\.internet\.private\.)?enterprises\./i;

function numericOid(value: string): string {
  const text = value.replace(TYPE_LABEL, '');
  const named = ENTERPRISES_BY_NAME.exec(text);
  if (named !== null) return `1.3.6.1.4.1.${text.slice(named[0].length)}`;
  if (text.startsWith('.')) return text.slice(1);
  return text.startsWith('iso.') ? `1.${text.slice(4)}` : text;
}

export function matchText(kind: ObservationKind, value: string): string {
  const text = value.trim();
  if (kind === 'http.realm' || kind === 'rtsp.realm') return realmOf(text);
  return kind === 'snmp.sysobjectid' ? numericOid(text) : text;
}
