/**
 * Round 4 of the model catalogue and the MF grammars (issue #11): Canon's colour MF numbers, as
 * Canon's own scanners report them, are Canon's, not ZTE's; ZTE's MF numbers still reach review;
 * Dahua's VTO door stations, a line the catalogue lacked, reach review by shape when held out;
 * two-way radio makers' models (the negatives beside Hytera's) stay clear.
 */
import { describe, expect, it } from 'vitest';
import { defaultFamilies } from '../../src/identify/families.js';
import { identify } from '../../src/identify/identify.js';
import { defaultMatcher } from '../../src/identify/default-matcher.js';
import { matchModelShapeWith, modelToken, readModelCatalogue, shapeReader, shapeSamples } from '../../src/identify/model-shape.js';
import type { EntityId } from '../../src/identify/verdict.js';
import { noMac, obs } from './observations.js';

const catalogue = readModelCatalogue();
const listed = (maker: string, model: string): boolean => catalogue.lists.some((l) => l.maker === maker && l.models.includes(model));

describe('Canon MF numbers are not read as ZTE MF hotspots', () => {
  // Debian libsane1 1.2.1-2, libsane-pixma.so: the names Canon's MF devices report
  // ("Canon imageCLASS MF634C", "Canon i-SENSYS MF645C", "MF642C/643C/644C", "MF741C/743C", …).
  it.each(['MF634C', 'MF645C', 'MF733C', 'MF731C', 'MF632C', 'MF633C', 'MF635C', 'MF642C', 'MF643C', 'MF644C', 'MF741C', 'MF743C', 'MF6680', 'Mf634C', 'mf644c'])(
    '%s stays clear, with no ZTE reading',
    (value) => {
      const o = obs('upnp.model', value);
      expect(defaultMatcher(o).filter((m) => m.entity === 'zte')).toEqual([]);
      expect(identify([o], noMac).status).toBe('clear');
    },
  );

  it('lists those Canon models in the catalogue as Canon\'s, so no shape resemblance is read in them', () => {
    for (const model of ['MF634C', 'MF642C', 'MF644C', 'MF741C', 'MF6680']) expect(listed('Canon', model)).toBe(true);
  });

  // ZTE's own MF numbers: the zte.mf examples, and Debian usb-modeswitch-data 20191128-5's ZTE
  // (19d2) configurations ("ZTE MF825A", "ZTE MF195E", "ZTE MF710M Variants", "ZTE MF656A, MF668A").
  it.each(['MF286D', 'MF833V', 'MF269', 'MF825A', 'MF195E', 'MF710M', 'MF656A', 'MF668A', 'mf825a'])('%s, a ZTE MF number, still reaches review as ZTE', (value) => {
    const verdict = identify([obs('upnp.model', value)], noMac);
    expect(verdict).toMatchObject({ status: 'review', covered: 'zte' });
  });
});

describe('lines the catalogue adds', () => {
  // Each entity's name is the catalogue's first maker for it, as the shipped reader names it.
  const names = new Map<EntityId, string>();
  for (const [maker, entity] of Object.entries(catalogue.covered)) if (!names.has(entity)) names.set(entity, maker);
  const samples = shapeSamples(catalogue, defaultFamilies());

  // myhomeiot/DahuaVTO@d22ac405bd00 README.md: door stations reported working or likely to work.
  it.each(['VTO3221', 'VTO4202', 'VTO6221', 'VTO1220'])('%s, a Dahua door station held out of training, reaches review for Dahua by shape', (model) => {
    expect(listed('Dahua', model)).toBe(true);
    const reader = shapeReader(
      samples.filter((s) => modelToken(s.model) !== model),
      names,
    );
    expect(matchModelShapeWith(reader, obs('upnp.model', model))).toMatchObject([{ rule: 'model-shape.dahua', entity: 'dahua', ceiling: 'review' }]);
  });

  // Debian chirp 1:20221106+py3-1 drivers: other makers' two-way and amateur radios.
  it.each(['TK-7102', 'TK-8102', 'TK-760G', 'IC-7300', 'IC-2730A', 'FT-817ND', 'UV-5R', 'RT22', 'RB17', 'KG-UV9D', 'DR135T'])("%s, another maker's radio, stays clear", (value) => {
    expect(identify([obs('upnp.model', value)], noMac).status).toBe('clear');
    expect(identify([obs('snmp.entity.model', value)], noMac).status).toBe('clear');
  });
});
