import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY_PATH,
  defaultPolicy,
  entityForRegistrant,
  entityInfo,
  informationalFor,
  relabelerFor,
  trapFor,
} from '../../src/identify/policy.js';
import { buildPolicy } from '../../src/identify/policy-check.js';
import { ENTITY_IDS } from '../../src/identify/verdict.js';
import { ouiDataVersion, prefixesOf } from './registry.js';

const shipped = (): Record<string, unknown> => JSON.parse(readFileSync(DEFAULT_POLICY_PATH, 'utf8')) as Record<string, unknown>;

interface FileShape {
  checkedAgainst: { version: string; prefixes: number };
  entities: Array<{ id: string; registrants: Array<{ name: string; prefixes: number }>; oemRelabelers: Array<{ brand: string; registrants: string[] }> }>;
  informational: Array<{ registrants: Array<{ name: string; prefixes: number }> }>;
  traps: Array<{ names: string[] }>;
}
const file = shipped() as unknown as FileShape;

describe('oui/covered-entities.json', () => {
  it('loads and names all five §889 entities with their clause and dates', () => {
    const policy = defaultPolicy();
    expect([...policy.entities.keys()].sort()).toEqual([...ENTITY_IDS].sort());
    expect(entityInfo('huawei').basis.clause).toBe('§889(f)(3)(A)');
    expect(entityInfo('zte').basis.clause).toBe('§889(f)(3)(A)');
    for (const id of ['hytera', 'hikvision', 'dahua'] as const) {
      expect(entityInfo(id).basis.clause).toBe('§889(f)(3)(B)');
      expect(entityInfo(id).basis.covers).toMatch(/video surveillance/i);
    }
    for (const id of ENTITY_IDS) {
      expect(entityInfo(id).effective).toEqual({ procurementBan: '2019-08-13', useBan: '2020-08-13', fccCoveredList: '2021-03-12' });
      expect(entityInfo(id).basis.source.url).toMatch(/^https:\/\//);
    }
  });

  it('lists only names that are real IEEE registrants, spelled exactly as registered', () => {
    const names = [
      ...file.entities.flatMap((e) => [...e.registrants.map((r) => r.name), ...e.oemRelabelers.flatMap((o) => o.registrants)]),
      ...file.informational.flatMap((i) => i.registrants.map((r) => r.name)),
      ...file.traps.flatMap((t) => t.names),
    ];
    const missing = names.filter((name) => prefixesOf(name).length === 0);
    expect(missing).toEqual([]);
  });

  it.runIf(ouiDataVersion === file.checkedAgainst.version)('records the prefix count of each name as of the checked oui-data version', () => {
    const counted = [...file.entities.flatMap((e) => e.registrants), ...file.informational.flatMap((i) => i.registrants)];
    const wrong = counted.filter((r) => prefixesOf(r.name).length !== r.prefixes).map((r) => `${r.name}: ${prefixesOf(r.name).length}`);
    expect(wrong).toEqual([]);
  });
});

describe('entityForRegistrant', () => {
  it('matches exact names after case-folding and whitespace collapse', () => {
    expect(entityForRegistrant('Hangzhou Hikvision Digital Technology Co.,Ltd.')).toMatchObject({
      entity: 'hikvision',
      relation: 'parent',
      certainty: 'certain',
      source: { id: 'ieee-ra' },
    });
    expect(entityForRegistrant('  hangzhou   HIKVISION digital technology co.,ltd. ')?.entity).toBe('hikvision');
    expect(entityForRegistrant('ZTE CORPORATION')?.entity).toBe('zte');
    expect(entityForRegistrant('Hangzhou Ezviz Software Co.,Ltd.')).toMatchObject({ entity: 'hikvision', relation: 'subsidiary', display: 'EZVIZ' });
    expect(entityForRegistrant('Norsat International Inc.')).toMatchObject({ entity: 'hytera', certainty: 'reported' });
  });

  it('never matches a substring or a longer name', () => {
    expect(entityForRegistrant('Hikvision')).toBeNull();
    expect(entityForRegistrant('Dahua')).toBeNull();
    expect(entityForRegistrant('zte')).toBeNull();
    expect(entityForRegistrant('Hangzhou Hikvision Digital Technology Co.,Ltd. Branch')).toBeNull();
    expect(entityForRegistrant('Hangzhou Hikvision Digital Technology Co., Ltd.')).toBeNull();
  });

  it('treats every trap as no covered entity, with a reason', () => {
    for (const name of file.traps.flatMap((t) => t.names)) {
      expect(entityForRegistrant(name), name).toBeNull();
      expect(trapFor(name)?.why, name).toBeTruthy();
    }
  });

  it('gives informational names a note and no entity', () => {
    expect(informationalFor('SZ DJI TECHNOLOGY CO.,LTD')).toMatchObject({ displayName: 'DJI', list: 'FCC Covered List', since: '2025-12-22' });
    expect(informationalFor('Kaspersky Lab Middle-East FZ-LLC')?.since).toBe('2022-03-25');
    expect(informationalFor('Honor Device Co., Ltd.')?.note).toMatch(/never flagged/);
    expect(entityForRegistrant('Honor Device Co., Ltd.')).toBeNull();
    expect(informationalFor('HUAWEI TECHNOLOGIES CO.,LTD')).toBeNull();
  });

  it('knows relabelers as hints, not entities', () => {
    expect(relabelerFor('Amcrest Technologies')).toMatchObject({ entity: 'dahua', brand: 'Amcrest', maker: 'Dahua' });
    expect(relabelerFor('Lorex Technology Inc.')).toMatchObject({ entity: 'dahua', period: { from: '2018', to: '2022-11' } });
    expect(relabelerFor('LT SECURITY INC')?.entity).toBe('hikvision');
    expect(entityForRegistrant('Amcrest Technologies')).toBeNull();
    expect(relabelerFor('Aditya Infotech Ltd.')).toMatchObject({ entity: 'dahua', brand: 'CP PLUS' });
  });

  it('lists the same OEM relabelers, for the same entities, as oui/vendors.json relabels', () => {
    const vendors = (JSON.parse(readFileSync(new URL('../../oui/vendors.json', import.meta.url), 'utf8')) as {
      vendors: Array<{ name: string; relabels?: { entity: string } }>;
    }).vendors;
    const inVendors = vendors.flatMap((v) => (v.relabels === undefined ? [] : [`${v.relabels.entity}: ${v.name}`])).sort();
    const inPolicy = file.entities.flatMap((e) => e.oemRelabelers.map((o) => `${e.id}: ${o.brand}`)).sort();
    expect(inPolicy).toEqual(inVendors);
  });
});

describe('buildPolicy validation', () => {
  const broken = (edit: (f: FileShape & Record<string, unknown>) => void): string => {
    const copy = shipped() as unknown as FileShape & Record<string, unknown>;
    edit(copy);
    try {
      buildPolicy(copy, 'edited.json');
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    return 'accepted';
  };

  it('accepts the shipped file', () => {
    expect(() => buildPolicy(shipped())).not.toThrow();
  });

  it('rejects a name listed both as a covered registrant and as a trap', () => {
    const message = broken((f) => f.traps[0]!.names.push('zte corporation'));
    expect(message).toMatch(/^RuntimeError: /);
    expect(message).toMatch(/edited\.json: traps\.0\.names\.\d+: "zte corporation" is already listed under entity zte/);
  });

  it('rejects a registrant claimed by two entities, whatever its case', () => {
    const message = broken((f) => {
      f.entities[1]!.registrants.push({ ...f.entities[0]!.registrants[0]!, name: 'huawei technologies co.,ltd' });
    });
    expect(message).toMatch(/already listed under entity huawei/);
  });

  it('rejects an unknown source, a missing entity and a newer schema', () => {
    expect(broken((f) => ((f.entities[0]!.registrants[0] as Record<string, unknown>)['source'] = 'nowhere'))).toMatch(
      /entities\.0\.registrants\.0\.source: unknown source "nowhere"/,
    );
    expect(broken((f) => f.entities.pop())).toMatch(/entity "dahua" is missing/);
    expect(broken((f) => (f['schemaVersion'] = 2))).toMatch(/schemaVersion/);
    expect(broken((f) => ((f.entities[0]!.registrants[0] as Record<string, unknown>)['certainty'] = 'maybe'))).toMatch(/certainty/);
  });
});
