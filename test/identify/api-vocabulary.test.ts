/**
 * Issue #11, device-API vocabularies (oui/api-vocabularies/): a fragment of a covered maker's API
 * that names neither maker nor model is read by the names only that API uses. Every file loads;
 * its examples read as they say (flag with `flagAt` distinct names, review with fewer) and its
 * counter-examples (other makers' and standard APIs) read nothing; the loader refuses plain words,
 * names another API shares and names two makers' lists hold; the probe's request path is not read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  apiNameSpans,
  buildApiVocabularySet,
  defaultApiVocabularies,
  FLAG_CERTAINTY,
  matchApiVocabularyWith,
  REVIEW_CERTAINTY,
  type ApiVocabularySpec,
} from '../../src/identify/api-vocabulary.js';
import { identify } from '../../src/identify/identify.js';
import { MAX_PROBE_PATH } from '../../src/observations/observation.js';
import { defaultRules } from '../../src/identify/rules/match.js';
import { evidenceMarkers } from '../../src/identify/text-markers.js';
import { HEAD_BYTES, pageText } from '../../src/probes/http/body-markers.js';
import { noMac, obs } from './observations.js';

const DIR = new URL('../../oui/api-vocabularies/', import.meta.url);
const files = readdirSync(DIR).filter((n) => n.endsWith('.json') && n !== 'others.json').sort();
const specs = files.map((n) => [n, JSON.parse(readFileSync(new URL(n, DIR), 'utf8')) as ApiVocabularySpec] as const);
const body = (value: string) => obs('http.body', value, { port: 80, source: 'http' });
const vocabulary = defaultRules().vocabulary;
// A repository file at a commit or a URL (knowledge-citations.test.ts holds the other files to the same).
const CITED = /\b[\w.-]+\/[\w.-]+@[0-9a-f]{7,40} \S+|https?:\/\/\S+/;

describe('the shipped device-API vocabularies', () => {
  it('load without a problem', () => {
    expect(() => defaultApiVocabularies()).not.toThrow();
    expect(new Set(defaultApiVocabularies().byName.values()).size).toBe(files.length);
  });

  describe.each(specs)('%s', (_file, spec) => {
    it.each(spec.examples.map((e, i) => [i + 1, e] as const))('example %i reads as it says', (_n, example) => {
      const reading = matchApiVocabularyWith(defaultApiVocabularies(), body(example.value)).find((m) => m.rule === `api-vocabulary.${spec.id}`);
      expect(reading?.certainty).toBe(example.reads === 'flag' ? FLAG_CERTAINTY : REVIEW_CERTAINTY);
      const verdict = identify([body(example.value)], noMac);
      expect(verdict.status).not.toBe('clear');
      expect(verdict.covered).toBe(vocabulary.get(spec.vendor)?.entity);
      if (example.reads === 'flag') expect(verdict.status).toBe('covered');
    });

    it.each((spec.counterExamples ?? []).map((e, i) => [i + 1, e] as const))('counter-example %i reads nothing', (_n, counter) => {
      expect(matchApiVocabularyWith(defaultApiVocabularies(), body(counter.value)).map((m) => m.rule)).toEqual([]);
    });

    it('cites a source for every list of names, example and counter-example, or its note says which does not', () => {
      for (const t of spec.terms) expect(t.source).toMatch(CITED);
      const uncited = (['examples', 'counterExamples'] as const).flatMap((list) =>
        (spec[list] ?? []).flatMap((e, i) => (CITED.test(e.source) ? [] : [`${list === 'examples' ? 'Example' : 'Counter-example'} ${i + 1}`])),
      );
      expect(uncited.filter((label) => !new RegExp(`\\b${label}\\b`).test(spec.note ?? ''))).toEqual([]);
    });
  });
});

const hik = { id: 'hikvision.isapi', vendor: 'Hikvision', api: 'ISAPI', years: '2013–', why: 'its own names.', examples: [{ value: 'x', reads: 'flag', source: 's' }] };
const build = (...entries: Array<[string, unknown]>) => buildApiVocabularySet(new Map(entries), vocabulary);

describe('the vocabulary loader', () => {
  it('refuses plain words and short names, which any API may use', () => {
    const { problems } = build(['h.json', { ...hik, flagAt: 2, terms: [{ names: ['Classify', 'result', 'ab_c', 'timeMode'], source: 'owner/repo@abcdef1 file' }] }]);
    expect(problems.join('\n')).toMatch(/"Classify" is no distinctive/);
    expect(problems.join('\n')).toMatch(/"result" is no distinctive/);
    expect(problems.join('\n')).toMatch(/"ab_c" is no distinctive/);
    expect(problems.join('\n')).not.toMatch(/timeMode/);
  });

  it("refuses a name another maker's or a standard API also uses, in any case", () => {
    const others = { others: [{ api: 'ONVIF', names: ['TimeMode'], source: 'https://www.onvif.org/ver10/schema/onvif.xsd' }] };
    const { problems } = build(['others.json', others], ['h.json', { ...hik, flagAt: 2, terms: [{ names: ['timeMode', 'AdminAccessProtocol'], source: 'owner/repo@abcdef1 file' }] }]);
    expect(problems).toEqual(['h.json: "timeMode" is also another API\'s name (others.json)']);
  });

  it("refuses a name two lists hold, in any case, whether the makers differ or not", () => {
    const dahua = { ...hik, id: 'dahua.cgi', vendor: 'Dahua', flagAt: 2, terms: [{ names: ['videoMotion'], source: 'owner/repo@abcdef1 file' }] };
    const { problems } = build(['a.json', { ...hik, flagAt: 2, terms: [{ names: ['VideoMotion'], source: 'owner/repo@abcdef1 file' }] }], ['b.json', dahua]);
    expect(problems).toEqual(['b.json: "videoMotion" is also in hikvision.isapi']);
    const sameMaker = { ...hik, id: 'hikvision.other', flagAt: 2, terms: [{ names: ['VideoMotion'], source: 'owner/repo@abcdef1 file' }] };
    expect(build(['a.json', { ...hik, flagAt: 2, terms: [{ names: ['VideoMotion'], source: 'owner/repo@abcdef1 file' }] }], ['b.json', sameMaker]).problems).toEqual([
      'b.json: "VideoMotion" is also in hikvision.isapi',
    ]);
  });

  it('asks for flagAt or for why a flag is never safe, not both', () => {
    const terms = [{ names: ['timeMode'], source: 'owner/repo@abcdef1 file' }];
    expect(build(['h.json', { ...hik, terms }]).problems.join('\n')).toMatch(/give flagAt or reviewOnly/);
    expect(build(['h.json', { ...hik, terms, flagAt: 2, reviewOnly: 'clones' }]).problems.join('\n')).toMatch(/give flagAt or reviewOnly/);
  });
});

describe('reading a body', () => {
  const { set } = build(['h.json', { ...hik, flagAt: 2, terms: [{ names: ['AdminAccessProtocolList', 'AdminAccessProtocol', 'timeMode', 'magicBox_x'], source: 'owner/repo@abcdef1 file' }] }]);

  it('counts each name once: one name twice is review, two names flag', () => {
    const once = matchApiVocabularyWith(set, body('<timeMode>NTP</timeMode><timeMode>NTP</timeMode>'));
    expect(once.map((m) => [m.certainty, m.ceiling])).toEqual([[REVIEW_CERTAINTY, 'review']]);
    const twice = matchApiVocabularyWith(set, body('<AdminAccessProtocolList version="1.0"><AdminAccessProtocol version="1.0">'));
    expect(twice.map((m) => [m.certainty, m.ceiling])).toEqual([[FLAG_CERTAINTY, undefined]]);
  });

  it('reads whole identifiers, case and all: a name inside a longer one or in another case is not the name', () => {
    expect(matchApiVocabularyWith(set, body('<timeModeX>1</timeModeX> TIMEMODE <xtimeMode/>'))).toEqual([]);
  });

  it("does not read the vendor-path probe's own request path, however long the probe allows it", () => {
    expect(matchApiVocabularyWith(set, body('/AdminAccessProtocolList/timeMode: <html>404</html>'))).toEqual([]);
    expect(matchApiVocabularyWith(set, body(`/${'x'.repeat(MAX_PROBE_PATH - 40)}/AdminAccessProtocolList?timeMode=1: <html>404</html>`))).toEqual([]);
    expect(matchApiVocabularyWith(set, body('/x: <AdminAccessProtocolList><timeMode>'))).toHaveLength(1);
  });

  it('reads page bodies only', () => {
    expect(matchApiVocabularyWith(set, obs('http.title', 'AdminAccessProtocolList timeMode'))).toEqual([]);
  });

  it('spends at most three markers per API on a long page', () => {
    const text = Array.from({ length: 50 }, () => '<AdminAccessProtocol>1</AdminAccessProtocol><timeMode/><AdminAccessProtocolList/>').join('');
    expect(apiNameSpans(set, text)).toHaveLength(3);
  });
});

describe('generic software that uses words an API also has reads nothing', () => {
  // The shapes of ordinary code and configuration (a review of the first lists flagged each of these).
  it.each([
    ['a web app bundle', '<script>const userManager = new UserManager(); const eventManager = new EventEmitter();</script>'],
    ['an Electron window script', 'const win = remote.getCurrentWindow(); let storageDevice = null;'],
    ['jsoncpp and Win32 calls', 'Json::Value::Members names = root.getMemberNames(); while (findNextFile(h, &data)) {}'],
    ['a TLS and HTTPS setting', '{"RSAKeyLength":2048,"redirectToHttps":true}'],
    ["IIS's custom error element", '<error statusCode="404" subStatusCode="-1" path="/404.htm" responseMode="ExecuteURL"/>'],
    ["a thermostat's state", '{"holidayMode":false,"zoneTemperature":21.5,"minorAlarm":0}'],
    ['a POS terminal call', 'String serial = terminal.getSerialNo();'],
    // The page CVE-2014-2321 exploits: bots request it of every web server, so logs and IDS rules quote it.
    ['a web server log quoting a scanner', '<pre>203.0.113.5 - - [01/May/2024:03:12:44 +0000] "POST /manager_dev_ping_t.gch HTTP/1.1" 404 153 "-" "python-requests/2.31.0"</pre>'],
  ])('%s', (_label, value) => {
    expect(matchApiVocabularyWith(defaultApiVocabularies(), body(value))).toEqual([]);
    expect(identify([body(value)], noMac).status).toBe('clear');
  });
});

describe('what caps a text reading caps these names too', () => {
  const isapi = specs.find(([, s]) => s.id === 'hikvision.isapi')![1];
  const names = isapi.terms.flatMap((t) => t.names);
  // Two names that only the vocabulary reads (an anchored rule reads some, telecontrolID beside decordChannelNums).
  const pairs = names.slice(0, -1).map((n, i) => `<${n}>1</${n}><${names[i + 1]}>2</${names[i + 1]}>`);
  const answer = pairs.find((text) => identify([body(text)], noMac).evidence.every((e) => e.rule === 'api-vocabulary.hikvision.isapi'))!;

  it('two ISAPI names flag a device that says nothing else', () => {
    expect(answer).toBeDefined();
    expect(identify([body(answer)], noMac).status).toBe('covered');
  });

  it("on a Windows host they are its software's (a VMS or client): review, never covered", () => {
    const windows = obs('snmp.sysdescr', 'Hardware: Intel64 Family 6 Model 85 Stepping 7 AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build 17763 Multiprocessor Free)');
    const verdict = identify([windows, body(answer)], noMac);
    expect([verdict.status, verdict.covered]).toEqual(['review', 'hikvision']);
  });

  it('in a page that lists a camera of that maker (a VMS table) they are the listed camera’s: review', () => {
    const verdict = identify([body(`<td>Front Door</td><td>DS-2CD2143G0-I</td><pre>${answer}</pre>`)], noMac);
    expect([verdict.status, verdict.covered]).toEqual(['review', 'hikvision']);
  });
});

describe('a scan keeps the names of a long page', () => {
  const [first] = specs.filter(([, s]) => s.flagAt !== undefined);
  it.runIf(first !== undefined)('names past the page head reach the verdict through a marker excerpt', () => {
    const [, spec] = first!;
    const names = spec.terms.flatMap((t) => t.names).slice(0, 3);
    const filler = '<p>' + 'x'.repeat(HEAD_BYTES + 500) + '</p>';
    const page = Buffer.from(`<html><body>${filler}<${names[0]}>1</${names[0]}><${names[1]}>2</${names[1]}></body></html>`);
    const { head, excerpts } = pageText(page, evidenceMarkers);
    expect(head).not.toContain(names[0]);
    const verdict = identify([head, ...excerpts].map(body), noMac);
    expect([verdict.status, verdict.covered]).toEqual(['covered', vocabulary.get(spec.vendor)?.entity]);
  });
});
