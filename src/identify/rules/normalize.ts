/**
 * What a rule's pattern is matched against: the observation's value with surrounding space
 * trimmed and, for realm kinds, the realm itself when a probe stored the whole
 * WWW-Authenticate header (`Digest realm="IP Camera(C2183)", nonce=…` → `IP Camera(C2183)`),
 * and for sysObjectID the numeric form without a leading dot (`.1.3.6…`, `iso.3.6…` → `1.3.6…`), also
 * when a tool wrote the enterprises arc by its MIB name (`SNMPv2-SMI::enterprises.2011…`, net-snmp's
 * default output, or `OID: enterprises.2011…`) → `1.3.6.1.4.1.2011…`.
 * A header value may still carry its header's name, as captures copied from a response do
 * (`Server: App-webs/`, `WWW-Authenticate: Digest realm=…`): the name is not part of the value.
 * A header kept as an `http.header` fact ("Name: value") whose value has a kind of its own is read
 * as that kind (`ruleKind`): a WWW-Authenticate header by the realm rules, a Server header by the
 * Server-header rules, as if the probe had stored it as `http.realm` or `http.server`.
 */
import type { ObservationKind } from '../../observations/observation.js';

const REALM_FORM = /^(?:(?:basic|digest)\b|realm\s*=)/i;
const QUOTED_REALM = /\brealm="([^"]*)"/i;
const BARE_REALM = /\brealm=([^,\s]+)/i;
const WWW_AUTHENTICATE = /^WWW-Authenticate:\s*/i;
const SERVER = /^Server:\s*/i;

/** The header whose value each header kind holds: its name, left in some captured values, is dropped. */
const HEADER_OF_KIND: ReadonlyMap<ObservationKind, RegExp> = new Map([
  ['http.realm', WWW_AUTHENTICATE],
  ['rtsp.realm', WWW_AUTHENTICATE],
  ['http.server', SERVER],
  ['rtsp.server', SERVER],
]);

/** Header names whose value has a kind of its own, with that kind: the HTTP ones of the table above. */
const OWN_KIND_HEADERS: ReadonlyArray<readonly [ObservationKind, RegExp]> = [...HEADER_OF_KIND].filter(([kind]) => kind.startsWith('http.'));

function ownKind(kind: ObservationKind, text: string): ObservationKind | undefined {
  return kind === 'http.header' ? OWN_KIND_HEADERS.find(([, name]) => name.test(text))?.[0] : undefined;
}

function realmOf(text: string): string {
  if (!REALM_FORM.test(text)) return text;
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

/** The kind whose rules read an observation: a WWW-Authenticate or Server header is read as its value's own kind. */
export function ruleKind(kind: ObservationKind, value: string): ObservationKind {
  // Every observation passes here: only a header fact is trimmed and tested.
  return kind === 'http.header' ? (ownKind(kind, value.trimStart()) ?? kind) : kind;
}

export function matchText(kind: ObservationKind, value: string): string {
  const trimmed = value.trim();
  const readAs = ownKind(kind, trimmed) ?? kind;
  const name = HEADER_OF_KIND.get(readAs);
  const text = name === undefined ? trimmed : trimmed.replace(name, '');
  if (readAs === 'http.realm' || readAs === 'rtsp.realm') return realmOf(text);
  return readAs === 'snmp.sysobjectid' ? numericOid(text) : text;
}
