/**
 * Certificates with the subject and issuer a profile asks for, made with Debian's `openssl`
 * at start-up. When subject and issuer differ, a throwaway CA named after the issuer signs
 * the device certificate, so the issuer bytes are exactly that name. Identical requests share
 * one certificate (real devices of a model ship the same default certificate too).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CertRequest {
  subject: string;
  issuer: string;
  days: number;
}

export interface KeyAndCert {
  key: string;
  cert: string;
}

/**
 * "CN=a,OU=b,O=c" or "CN=a; O=ZheJiang Dahua Technology CO.,LTD.; OU=NVR" → [[type, value]…] in
 * the order written. A separator is a `,` or `;` followed by the next `TYPE=`; `\,` escapes.
 */
export function parseDistinguishedName(name: string): [string, string][] {
  const parts = name.split(/(?<!\\)[,;]\s*(?=[A-Za-z][A-Za-z0-9.]*\s*=)/);
  return parts.map((part) => {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`not a distinguished name: ${JSON.stringify(name)}`);
    return [part.slice(0, eq).trim(), part.slice(eq + 1).trim().replace(/\\([,;])/g, '$1')];
  });
}

/** openssl's `-subj` form: /TYPE=value…, with its own separators escaped. */
export function opensslSubject(name: string): string {
  return parseDistinguishedName(name)
    .map(([type, value]) => `/${type}=${value.replace(/([/+\\])/g, '\\$1')}`)
    .join('');
}

const cache = new Map<string, Promise<KeyAndCert>>();

export function certificateFor(request: CertRequest): Promise<KeyAndCert> {
  const key = JSON.stringify([request.subject, request.issuer, request.days]);
  let made = cache.get(key);
  if (!made) {
    made = makeCertificate(request);
    cache.set(key, made);
    made.catch(() => cache.delete(key));
  }
  return made;
}

async function makeCertificate({ subject, issuer, days }: CertRequest): Promise<KeyAndCert> {
  const dir = await mkdtemp(join(tmpdir(), 'la-sim-cert-'));
  const file = (name: string): string => join(dir, name);
  const selfSigned = (subj: string, keyOut: string, certOut: string): Promise<unknown> =>
    run('openssl', ['req', '-x509', '-utf8', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyOut, '-out', certOut,
      '-days', String(days), '-subj', opensslSubject(subj)]);
  try {
    if (subject === issuer) {
      await selfSigned(subject, file('key.pem'), file('cert.pem'));
    } else {
      await selfSigned(issuer, file('ca.key'), file('ca.pem'));
      await run('openssl', ['req', '-new', '-utf8', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('key.pem'),
        '-out', file('leaf.csr'), '-subj', opensslSubject(subject)]);
      await run('openssl', ['x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
        '-set_serial', `0x${Date.now().toString(16)}`, '-days', String(days), '-out', file('cert.pem')]);
    }
    return { key: await readFile(file('key.pem'), 'utf8'), cert: await readFile(file('cert.pem'), 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
